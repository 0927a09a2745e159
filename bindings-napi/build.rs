// Sets the linker flags a Node addon needs (Node's symbols are resolved when it is loaded).
fn main() {
    napi_build::setup();
}
