import Findings
import Reporting
import Rules
import ThreatModel

/// `taintline threat-model`: the scan (code, secrets, project and deploy checks), then the
/// threat model of the code it parsed, linked to the findings the configuration's filters and
/// the suppression comments leave, as `scan` would report them.
public enum ThreatModelPipeline {
    /// The analyses the model's findings come from: the dependency audit's advisories are about
    /// packages, not entry points, so it is left out.
    public static let analyses: Set<Analysis> = [.code, .secrets, .project, .deploy]

    public static func run(paths: [String], options: ScanOptions, settings: ReportSettings) throws -> ThreatModelDocument {
        var options = options
        options.analyses = options.analyses.intersection(analyses)
        options.analyses.insert(.code)
        let (report, code, displayPaths) = ScanPipeline.runKeepingCode(paths: paths, options: options)
        let prepared = ReportPreparation.prepare(report, filters: settings.filters, baseline: nil, changedLines: nil)
        var limits: [String] = []
        for file in report.files {
            if case .failed(let reason) = file.status { limits.append("`\(file.path)` could not be analysed: \(reason)") }
        }
        let inventory = CodeInventory(files: code)
        return ThreatModelBuilder.build(inventory: inventory, displayPaths: displayPaths, findings: prepared.findings, toolVersion: taintlineVersion,
                                        roots: paths, limits: limits)
    }
}
