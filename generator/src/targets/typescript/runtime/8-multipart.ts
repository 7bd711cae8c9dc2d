
// Typed `multipart/form-data` bodies, by the rule every target follows (docs/wire-format.md):
// one part per property in property order (one per item of an array property), each with
// `Content-Disposition: form-data; name="..."`; files also carry a filename and a content type
// (the file's own, else the document's), text parts a content type only when the document
// gives one, anything else is compact JSON. Written by hand rather than with `FormData`, which
// cannot give a text part a content type without making it a file; files are streamed.

/** What a multipart body's parts are, as the document describes them; written by the generator. */
export interface PartSpec {
  /** The property's name as written: the part's `name`. */
  readonly name: string;
  readonly kind: "file" | "text" | "json";
  /** An array property: one part per item. */
  readonly repeated: boolean;
  /** The `Content-Type` to send (a file's own type wins). */
  readonly contentType?: string;
}

/**
 * A file part: a `Blob` or `File` (whose `name` and `type` are sent), bytes, or a stream of
 * bytes with an optional file name and content type. Streams and blobs are sent as they are read.
 */
export type FilePart =
  | Blob
  | Uint8Array<ArrayBuffer>
  | {
      readonly stream: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>;
      readonly fileName?: string;
      readonly contentType?: string;
    };

/** A quoted header parameter as browsers write it: quote and line breaks percent-encoded. */
function quoted(text: string): string {
  return `"${text.replace(/\r/g, "%0D").replace(/\n/g, "%0A").replace(/"/g, "%22")}"`;
}

/** The body of `value` as parts, and the content type naming its boundary. */
function multipartBody(operation: string, parts: readonly PartSpec[], value: object): { body: ReadableStream<Uint8Array>; contentType: string } {
  const boundary = `switchboard-${crypto.randomUUID()}`;
  const utf8 = new TextEncoder();
  const pieces: (Uint8Array | Blob | ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>)[] = [];
  const record = value as { readonly [key: string]: unknown };
  for (const part of parts) {
    const given = Object.prototype.hasOwnProperty.call(record, part.name) ? record[part.name] : undefined;
    if (given === undefined || given === null) {
      continue;
    }
    const items = part.repeated && Array.isArray(given) ? given : [given];
    for (const item of items) {
      let head = `--${boundary}\r\nContent-Disposition: form-data; name=${quoted(part.name)}`;
      let content: Uint8Array | Blob | ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>;
      let type = part.contentType;
      if (part.kind === "file") {
        const file = filePart(operation, part.name, item);
        head += `; filename=${quoted(file.name ?? part.name)}`;
        type = file.type ?? part.contentType ?? "application/octet-stream";
        content = file.content;
      } else if (part.kind === "text") {
        content = utf8.encode(typeof item === "string" ? item : scalar(item));
      } else {
        content = utf8.encode(JSON.stringify(item) ?? "null");
      }
      if (type !== undefined) {
        head += `\r\nContent-Type: ${type.replace(/[\r\n]/g, " ")}`;
      }
      pieces.push(utf8.encode(`${head}\r\n\r\n`), content, utf8.encode("\r\n"));
    }
  }
  pieces.push(utf8.encode(`--${boundary}--\r\n`));
  return { body: byteStream(concatenated(pieces)), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** A file part's bytes, and the name and type it brings. */
function filePart(
  operation: string,
  name: string,
  item: unknown,
): { content: Blob | Uint8Array | ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>; name?: string; type?: string } {
  if (item instanceof Blob) {
    const fileName = (item as { name?: unknown }).name;
    return { content: item, ...(typeof fileName === "string" && fileName !== "" ? { name: fileName } : {}), ...(item.type !== "" ? { type: item.type } : {}) };
  }
  if (item instanceof Uint8Array) {
    return { content: item };
  }
  if (typeof item === "object" && item !== null && "stream" in item) {
    const given = item as { stream: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>; fileName?: string; contentType?: string };
    return { content: given.stream, ...(given.fileName !== undefined ? { name: given.fileName } : {}), ...(given.contentType !== undefined ? { type: given.contentType } : {}) };
  }
  throw new InvalidRequestError(operation, `the part \`${name}\` is a file: a Blob, a Uint8Array or { stream, fileName?, contentType? }`);
}

/** The bytes of every piece in order, each blob and stream read as it is sent. */
async function* concatenated(pieces: readonly (Uint8Array | Blob | ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>)[]): AsyncGenerator<Uint8Array> {
  for (const piece of pieces) {
    if (piece instanceof Uint8Array) {
      yield piece;
    } else {
      const stream = piece instanceof Blob ? piece.stream() : piece;
      for await (const chunk of stream as AsyncIterable<Uint8Array>) {
        yield chunk;
      }
    }
  }
}
