//! The Python extension module of eniplan. Not yet built: the Python issue fills this crate.
