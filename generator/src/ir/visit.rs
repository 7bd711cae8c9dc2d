//! Walks over the IR that several passes share: the schemas a type holds, and the named type a
//! type expression comes down to.

use std::slice;

use super::{Additional, Field, Schema, TypeId, TypeKind, Variant};

impl TypeKind {
    /// The member schemas, in field/variant order: a struct's fields, a union's variants, an
    /// alias's one schema, and none for an enum. The `i`-th is field or variant `i`, which is how
    /// passes name a member (e.g. one that must be boxed).
    pub fn members(&self) -> Members<'_> {
        let mut walk = Members { fields: [].iter(), variants: [].iter(), last: None };
        match self {
            TypeKind::Struct(s) => walk.fields = s.fields.iter(),
            TypeKind::Union(u) => walk.variants = u.variants.iter(),
            TypeKind::Alias(schema) => walk.last = Some(schema),
            TypeKind::Enum(_) => {}
        }
        walk
    }

    /// Every schema the type holds: its [`members`](TypeKind::members), then the value of a
    /// struct's other keys when they are typed. A struct's `parents` are not schemas: see them
    /// apart.
    pub fn schemas(&self) -> Members<'_> {
        let mut walk = self.members();
        if let TypeKind::Struct(s) = self {
            if let Additional::Typed { value, .. } = &s.additional {
                walk.last = Some(value);
            }
        }
        walk
    }

    /// [`schemas`](TypeKind::schemas), to change them in place.
    pub fn schemas_mut(&mut self) -> MembersMut<'_> {
        let mut walk = MembersMut { fields: [].iter_mut(), variants: [].iter_mut(), last: None };
        match self {
            TypeKind::Struct(s) => {
                walk.fields = s.fields.iter_mut();
                if let Additional::Typed { value, .. } = &mut s.additional {
                    walk.last = Some(value);
                }
            }
            TypeKind::Union(u) => walk.variants = u.variants.iter_mut(),
            TypeKind::Alias(schema) => walk.last = Some(schema),
            TypeKind::Enum(_) => {}
        }
        walk
    }
}

/// The schemas of a type, in order (see [`TypeKind::members`] and [`TypeKind::schemas`]).
pub struct Members<'a> {
    fields: slice::Iter<'a, Field>,
    variants: slice::Iter<'a, Variant>,
    last: Option<&'a Schema>,
}

impl<'a> Iterator for Members<'a> {
    type Item = &'a Schema;

    fn next(&mut self) -> Option<&'a Schema> {
        if let Some(f) = self.fields.next() {
            return Some(&f.schema);
        }
        if let Some(v) = self.variants.next() {
            return Some(&v.schema);
        }
        self.last.take()
    }
}

/// The schemas of a type, to change in place (see [`TypeKind::schemas_mut`]).
pub struct MembersMut<'a> {
    fields: slice::IterMut<'a, Field>,
    variants: slice::IterMut<'a, Variant>,
    last: Option<&'a mut Schema>,
}

impl<'a> Iterator for MembersMut<'a> {
    type Item = &'a mut Schema;

    fn next(&mut self) -> Option<&'a mut Schema> {
        if let Some(f) = self.fields.next() {
            return Some(&mut f.schema);
        }
        if let Some(v) = self.variants.next() {
            return Some(&mut v.schema);
        }
        self.last.take()
    }
}

impl Schema {
    /// The named type this expression comes down to through lists, maps and nullability, if any:
    /// each of those holds one schema, so there is at most one.
    pub fn named(&self) -> Option<TypeId> {
        match self {
            Schema::Named(id) => Some(*id),
            Schema::List(inner) | Schema::Nullable(inner) | Schema::Map { value: inner, .. } => inner.named(),
            Schema::Primitive(_) | Schema::Any => None,
        }
    }

    /// The named type this expression holds inline: itself or behind `Nullable`, but not inside a
    /// list or map, whose values are already behind a pointer.
    pub fn inline_named(&self) -> Option<TypeId> {
        match self {
            Schema::Named(id) => Some(*id),
            Schema::Nullable(inner) => inner.inline_named(),
            _ => None,
        }
    }

    /// The expression with each named type replaced by `f` of it.
    pub fn map_named(&mut self, f: &impl Fn(TypeId) -> TypeId) {
        match self {
            Schema::Named(id) => *id = f(*id),
            Schema::List(inner) | Schema::Nullable(inner) | Schema::Map { value: inner, .. } => inner.map_named(f),
            Schema::Primitive(_) | Schema::Any => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{Enum, Primitive, PrimitiveKind, Struct, Union};

    fn named(i: usize) -> Schema {
        Schema::Named(TypeId(i))
    }

    fn field(schema: Schema) -> Field {
        Field {
            name: "f".into(),
            description: None,
            schema,
            required: true,
            nullable: false,
            default: None,
            read_only: false,
            write_only: false,
            deprecated: false,
            example: None,
            constraints: Default::default(),
        }
    }

    #[test]
    fn members_are_fields_variants_or_the_aliased_schema_in_order() {
        let s = TypeKind::Struct(Struct {
            fields: vec![field(named(1)), field(named(2))],
            parents: vec![TypeId(3)],
            additional: Additional::Typed { value: named(4), pattern: None },
        });
        assert_eq!(s.members().collect::<Vec<_>>(), [&named(1), &named(2)]);
        assert_eq!(s.schemas().collect::<Vec<_>>(), [&named(1), &named(2), &named(4)]);
        let variant = |schema| Variant { name: "V".into(), description: None, schema, tags: Vec::new() };
        let u = TypeKind::Union(Union { variants: vec![variant(named(5)), variant(Schema::Any)], discriminator: None });
        assert_eq!(u.members().collect::<Vec<_>>(), [&named(5), &Schema::Any]);
        assert_eq!(TypeKind::Alias(named(6)).schemas().collect::<Vec<_>>(), [&named(6)]);
        let e = TypeKind::Enum(Enum { base: PrimitiveKind::String, values: Vec::new() });
        assert_eq!(e.schemas().count(), 0);
    }

    #[test]
    fn a_named_type_is_found_through_wrappers_and_inline_only_through_nullable() {
        let list = Schema::List(Box::new(Schema::Nullable(Box::new(named(7)))));
        assert_eq!(list.named(), Some(TypeId(7)));
        assert_eq!(list.inline_named(), None);
        assert_eq!(Schema::Nullable(Box::new(named(8))).inline_named(), Some(TypeId(8)));
        let string = Schema::Primitive(Primitive { kind: PrimitiveKind::String, format: None });
        assert_eq!(string.named(), None);
        let mut map = Schema::Map { value: Box::new(named(9)), pattern: None };
        map.map_named(&|id| TypeId(id.0 + 1));
        assert_eq!(map.named(), Some(TypeId(10)));
    }
}
