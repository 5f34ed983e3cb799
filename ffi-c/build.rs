//! Gives the shared library the SONAME it is installed under (`install.sh`), so programs linked
//! against `libeniplan.so` ask for the ABI version they were built with. Writes nothing.

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() != Ok("linux") {
        return;
    }
    let major = std::env::var("CARGO_PKG_VERSION_MAJOR").unwrap_or_default();
    let minor = std::env::var("CARGO_PKG_VERSION_MINOR").unwrap_or_default();
    // Before 1.0 a minor release may break the ABI, so it is part of the SONAME.
    let soname = if major == "0" {
        format!("libeniplan.so.0.{minor}")
    } else {
        format!("libeniplan.so.{major}")
    };
    println!("cargo:rustc-cdylib-link-arg=-Wl,-soname,{soname}");
}
