import Findings
import Foundation
import Reporting
import Testing
@testable import TaintlineKit
import ThreatModel

/// `taintline threat-model` on the bundled example app: the model links the very findings
/// `scan` reports (by fingerprint), each once to where it belongs, and none is lost.
@Suite struct ThreatModelPipelineTests {
    static let app = ExampleAppTests.app

    static func model() throws -> ThreatModelDocument {
        try ThreatModelPipeline.run(paths: [app], options: ScanOptions(), settings: ReportSettings())
    }

    @Test func linksTheFindingsScanReports() throws {
        let model = try Self.model()
        var options = ScanOptions()
        options.analyses = ThreatModelPipeline.analyses
        let report = Filters.apply(ScanPipeline.run(paths: [Self.app], options: options), settings: FilterSettings())
        let reported = Set(report.findings.map(\.fingerprint))
        let linked = Set(model.entryPoints.flatMap { $0.findings.map(\.id) })
        let application = Set(model.applicationFindings.map(\.id))
        #expect(!linked.isEmpty)
        #expect(linked.isSubset(of: reported))
        #expect(linked.isDisjoint(with: application))
        // Every finding is somewhere: at an entry point, or application-wide.
        #expect(linked.union(application) == reported)
    }

    @Test func theExampleAppsRoutes() throws {
        let model = try Self.model()
        #expect(model.limits.isEmpty)
        #expect(model.entryPoints.count == 12)
        let logins = model.entryPoints.filter { $0.title == "GET, POST /login" }
        #expect(logins.count == 2)
        let planted = try #require(logins.first { $0.handler.file.hasSuffix("/app.py") })
        let hardened = try #require(logins.first { $0.handler.file.hasSuffix("/hardened.py") })
        #expect(planted.findings.map(\.ruleID).contains("TL-B608"))
        #expect(planted.stride(.tampering)?.status == .open)
        // The safe twin's login has no finding of its own.
        #expect(hardened.findings.isEmpty)
        #expect(hardened.authentication.isLogin)
        #expect(model.applicationFindings.contains { $0.ruleID == "TL-WEB-HARDCODED-SECRET-KEY" })
    }
}
