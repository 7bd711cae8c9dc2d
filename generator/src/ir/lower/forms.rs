//! The parts of `multipart/form-data` request bodies, read off their object's lowered fields
//! once every type is lowered (`allOf` parents are merged into the fields by then), with the
//! part content types the media type's `encoding` names.

use crate::ir::{Content, FormPart, Operation, PartKind, Payload, PrimitiveKind, Schema, TypeDef, TypeKind};

const OCTET_STREAM: &str = "application/octet-stream";
const JSON: &str = "application/json";

/// Fills `parts` of every multipart request body whose schema is an object with fields.
pub(super) fn fill(types: &[TypeDef], operations: &mut [Operation]) {
    for op in operations {
        let Some(body) = &mut op.body else { continue };
        for content in &mut body.contents {
            content.parts = parts(types, content);
        }
    }
}

fn parts(types: &[TypeDef], content: &Content) -> Vec<FormPart> {
    let Payload::Multipart(schema) = &content.payload else { return Vec::new() };
    let Some(TypeKind::Struct(object)) = named(types, schema).map(|t| &t.kind) else { return Vec::new() };
    object
        .fields
        .iter()
        // A read-only property is the server's to send, never the client's.
        .filter(|f| !f.read_only)
        .map(|field| {
            let (schema, repeated, kind) = match resolve(types, &field.schema) {
                Schema::List(item) => match kind(types, item) {
                    PartKind::Json => (field.schema.clone(), false, PartKind::Json),
                    of_items => (item.as_ref().clone(), true, of_items),
                },
                _ => (field.schema.clone(), false, kind(types, &field.schema)),
            };
            let written = content.encoding.iter().find(|(name, _)| *name == field.name).map(|(_, ct)| ct.as_str());
            let content_type = written.and_then(concrete).map(str::to_owned).or_else(|| match kind {
                PartKind::File => Some(OCTET_STREAM.to_owned()),
                PartKind::Json => Some(JSON.to_owned()),
                PartKind::Text => None,
            });
            FormPart {
                name: field.name.clone(),
                description: field.description.clone(),
                schema,
                required: field.required,
                kind,
                repeated,
                content_type,
            }
        })
        .collect()
}

/// The first media type of a `contentType` list (`image/png, image/jpeg`) that a part can be
/// sent with: a wildcard (`image/*`) says what the server accepts, not what to send.
fn concrete(written: &str) -> Option<&str> {
    written.split(',').map(str::trim).find(|m| !m.is_empty() && !m.contains('*'))
}

/// The named type behind a schema, through nullability and aliases.
fn named<'a>(types: &'a [TypeDef], schema: &Schema) -> Option<&'a TypeDef> {
    match resolve(types, schema) {
        Schema::Named(id) => types.get(id.0),
        _ => None,
    }
}

/// The schema without nullability and with aliases followed, up to a named struct, enum or
/// union (an alias cycle stops where it repeats).
fn resolve<'a>(types: &'a [TypeDef], mut schema: &'a Schema) -> &'a Schema {
    for _ in 0..=types.len() {
        schema = schema.strip_nullable().0;
        match schema {
            Schema::Named(id) => match types.get(id.0).map(|t| &t.kind) {
                Some(TypeKind::Alias(inner)) => schema = inner,
                _ => return schema,
            },
            _ => return schema,
        }
    }
    schema
}

fn kind(types: &[TypeDef], schema: &Schema) -> PartKind {
    match resolve(types, schema) {
        Schema::Primitive(p) if p.kind == PrimitiveKind::String && p.format.as_deref() == Some("binary") => {
            PartKind::File
        }
        Schema::Primitive(_) => PartKind::Text,
        Schema::Named(id) => match types.get(id.0).map(|t| &t.kind) {
            Some(TypeKind::Enum(_)) => PartKind::Text,
            _ => PartKind::Json,
        },
        _ => PartKind::Json,
    }
}

#[cfg(test)]
mod tests {
    use super::concrete;

    #[test]
    fn a_part_is_sent_with_the_first_concrete_type_of_its_list() {
        assert_eq!(concrete("image/png, image/jpeg"), Some("image/png"));
        assert_eq!(concrete("image/*, image/png"), Some("image/png"));
        assert_eq!(concrete("image/*"), None);
        assert_eq!(concrete(""), None);
    }
}
