//! Analyses of a whole API that targets need: computed once per API from the IR and shared (also
//! by the threads of one target), rather than recomputed by each reader.

pub mod cycles;
pub mod groups;
pub mod shapes;
