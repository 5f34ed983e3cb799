//! The C API of eniplan. Not yet built: the C library issue fills this crate.
