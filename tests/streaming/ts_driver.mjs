// Runs streamed calls through the generated TypeScript client of tests/streaming/openapi.yaml
// (compiled to JavaScript) and prints what came of them, for tests/streaming_typescript.rs,
// which serves the answers and checks what the server received.
//
// Usage: node ts_driver.mjs <index.js> < tasks.json, tasks being [{ "base", "call", ... }]:
//   "download": downloadRecordingStream(id); the bytes received, whether all were `fill`, and
//               the peak resident memory (VmHWM) before and after.
//   "items":    <method>Stream(options) iterated to its end; each item (a value, or an error
//               item's class and raw body); after the first item, a GET to `signal` when given.
//   "upload":   uploadRecording with a body made of `chunks` (sizes, one every 50 ms) as an
//               async iterable, a ReadableStream, or a file (`path`) opened as a Blob.
//   "form":     uploadGreeting with `fields`; `{file, name, type}` values become Files, `{blob,
//               type}` Blobs, `{bytes}` a Uint8Array, `{chunks, fileName}` a stream of text chunks.
// A call that throws gives the error's class, status and body.

import { openAsBlob, readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

const api = await import(pathToFileURL(process.argv[2]).href);
const tasks = JSON.parse(readFileSync(0, "utf8"));

/** The peak resident memory of this process so far, in bytes (Linux). */
function peakResident() {
  const line = readFileSync("/proc/self/status", "utf8").split("\n").find((l) => l.startsWith("VmHWM:"));
  return Number(line.split(/\s+/)[1]) * 1024;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function* chunksOf(sizes) {
  for (const [i, size] of sizes.entries()) {
    await sleep(50);
    yield new Uint8Array(size).fill(i);
  }
}

async function body(task) {
  switch (task.as) {
    case "iterable":
      return chunksOf(task.chunks);
    case "readable": {
      const source = chunksOf(task.chunks);
      return new ReadableStream({
        async pull(controller) {
          const { done, value } = await source.next();
          if (done) controller.close();
          else controller.enqueue(value);
        },
      });
    }
    case "file":
      return openAsBlob(task.path, { type: task.type ?? "" });
  }
}

function describe(error) {
  return {
    name: error?.name ?? null,
    message: String(error?.message ?? error),
    status: error?.status ?? null,
    body: error?.body ?? null,
    raw: error?.rawBody instanceof Uint8Array ? new TextDecoder().decode(error.rawBody) : null,
  };
}

async function run(task) {
  const client = new api.Client({ baseUrl: task.base, retry: { initialDelayMs: 1 }, ...(task.client ?? {}) });
  switch (task.call) {
    case "download": {
      const before = peakResident();
      const answer = await client.downloadRecordingStream(task.id, task.options ?? {});
      let received = 0;
      let uniform = true;
      let chunks = 0;
      for await (const chunk of answer) {
        received += chunk.byteLength;
        uniform &&= chunk.every((b) => b === task.fill);
        // V8 frees dropped chunks when it likes: collecting as it goes (under `--expose-gc`)
        // measures what the client holds, not what the collector has yet to free.
        if (++chunks % 16 === 0) globalThis.gc?.();
      }
      return { status: answer.status, mediaType: answer.mediaType, received, uniform, before, after: peakResident() };
    }
    case "items": {
      const answer = await client[task.method](task.options ?? {});
      const items = [];
      for await (const item of answer) {
        items.push(item.ok ? { ok: true, value: item.value } : { ok: false, error: describe(item.error) });
        if (items.length === 1 && task.signal !== undefined) {
          await (await fetch(task.signal)).text();
        }
      }
      return { status: answer.status, mediaType: answer.mediaType, items, lastEventId: answer.lastEventId ?? null };
    }
    case "upload": {
      const answer = await client.uploadRecording({ body: await body(task) });
      return { status: answer.status };
    }
    case "form": {
      const fields = {};
      for (const [key, value] of Object.entries(task.fields)) {
        const file = (v) => {
          if (v === null || typeof v !== "object") return v;
          if ("file" in v) return new File([v.file], v.name, { type: v.type ?? "" });
          if ("blob" in v) return new Blob([v.blob], { type: v.type ?? "" });
          if ("bytes" in v) return new Uint8Array(v.bytes);
          if ("chunks" in v) return { stream: (async function* () { for (const c of v.chunks) yield new TextEncoder().encode(c); })(), fileName: v.fileName };
          return v;
        };
        fields[key] = Array.isArray(value) ? value.map(file) : file(value);
      }
      const answer = await client.uploadGreeting({ body: fields });
      return { status: answer.status };
    }
  }
  throw new Error(`unknown call ${task.call}`);
}

const results = [];
for (const task of tasks) {
  try {
    results.push({ ok: true, ...(await run(task)) });
  } catch (error) {
    results.push({ ok: false, error: describe(error) });
  }
}
process.stdout.write(JSON.stringify(results));
