import Testing
@testable import Workspace

@Test func WorkspaceModuleLinks() {
    #expect(Bool(true))
}
