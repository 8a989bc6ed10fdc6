// The build failed (invoker.properties); it must have failed because the module system refused the
// internal packages, each of them, and for no other reason.
def log = new File(basedir, 'build.log').text
['io.livemig.cli', 'io.livemig.backend.xen.bindings', 'io.livemig.posix'].each { pkg ->
    assert log.contains("package ${pkg} is not visible") : "no refusal of ${pkg} in build.log"
}
assert log.contains('does not export') : 'the refusals do not name the unexported packages'
assert !log.contains('cannot find symbol') : 'a compile error other than the refusals'
