//! Code generation targets. Each reads only the IR.

pub mod rust;
