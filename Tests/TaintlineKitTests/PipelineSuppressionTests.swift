import Findings
import Foundation
import Testing
@testable import TaintlineKit

/// Suppression comments through the whole pipeline: real rules, real parser, comments anywhere
/// on a multi-line statement, bandit and ruff ids via aliases; suppressed findings are kept and
/// counted, never lost.
@Test func suppressionCommentsApplyToWholeStatements() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("taintline-suppress-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    try """
    import os
    import subprocess
    os.system(a)  # nosec
    os.system(b)  # nosec B605
    os.system(c)  # nosec B602
    os.system(d)  # noqa: S605
    os.system(e)  # taintline: ignore[TL-B605] -- reviewed: e is a constant elsewhere
    os.system(f)  # noqa
    subprocess.run(
        cmd,
        shell=True,
    )  # nosec B602
    subprocess.run(  # taintline: ignore[TL-B602]
        cmd2,
        shell=True,
    )
    subprocess.run(cmd3, shell=True)
    """.write(to: folder.appendingPathComponent("jobs.py"), atomically: true, encoding: .utf8)
    var options = ScanOptions()
    options.analyses = [.code]
    let report = ScanPipeline.run(paths: [folder.path], options: options)
    let kept = report.findings.filter { $0.ruleID == "TL-B605" || $0.ruleID == "TL-B602" }.map(\.location.startLine).sorted()
    #expect(kept == [5, 8, 17], "kept: \(kept)")
    let suppressed = report.suppressed.map(\.finding.location.startLine).sorted()
    #expect(suppressed == [3, 4, 6, 7, 9, 13])
    #expect(report.suppressed.first { $0.finding.location.startLine == 7 }?.reason?.contains("reviewed") == true)
}
