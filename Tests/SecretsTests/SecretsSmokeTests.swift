import Testing
@testable import Secrets

@Test func SecretsModuleLinks() {
    #expect(Bool(true))
}
