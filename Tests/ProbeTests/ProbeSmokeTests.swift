import Testing
@testable import Probe

@Test func ProbeModuleLinks() {
    #expect(Bool(true))
}
