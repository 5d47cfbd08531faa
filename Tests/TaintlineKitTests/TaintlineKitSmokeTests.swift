import Testing
@testable import TaintlineKit

@Test func TaintlineKitModuleLinks() {
    #expect(Bool(true))
}
