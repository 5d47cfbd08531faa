import Testing
@testable import Dependencies

@Test func DependenciesModuleLinks() {
    #expect(Bool(true))
}
