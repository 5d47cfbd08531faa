import Testing
@testable import PythonSemantics

@Test func PythonSemanticsModuleLinks() {
    #expect(Bool(true))
}
