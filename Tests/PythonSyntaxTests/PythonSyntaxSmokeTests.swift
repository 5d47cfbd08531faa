import Testing
@testable import PythonSyntax

@Test func PythonSyntaxModuleLinks() {
    #expect(Bool(true))
}
