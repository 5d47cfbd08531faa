import Testing
@testable import Reporting

@Test func ReportingModuleLinks() {
    #expect(Bool(true))
}
