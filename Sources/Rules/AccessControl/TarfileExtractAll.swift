import Dataflow
import Findings
import PythonSyntax

/// B202: `tarfile` extraction without a filter.
enum TarfileExtractAll {
    static let descriptor = RuleDoc.descriptor(
        id: "TL-B202", name: "tarfile-unsafe-members", summary: "tarfile extractall without a filter",
        severity: .high, confidence: .high, owasp: .a01, cwe: 22, bandit: "B202", ruff: "S202",
        what: "Finds `extractall`/`extract` on archives opened with `tarfile.open` or `tarfile.TarFile` without `filter=\"data\"` (or `\"tar\"`, or a filter function). With only `members=` the finding is Medium.",
        why: "Member names like `../../etc/cron.d/x`, absolute paths and links let an archive write anywhere the process can (path traversal, CVE-2007-4559).",
        example: "with tarfile.open(upload) as tar:\n    tar.extractall(dest)",
        useInstead: "with tarfile.open(upload) as tar:\n    tar.extractall(dest, filter=\"data\")",
        references: [RuleDoc.bandit("plugins/b202_tarfile_unsafe_members.html"), "https://docs.python.org/3/library/tarfile.html#extraction-filters"])

    static let rule = Rule(descriptor, on: [.call], examples: [
        RuleExample("""
        import tarfile
        def unpack(upload, dest):
            with tarfile.open(upload) as tar:
                tar.extractall(dest)  # error: TL-B202
            archive = tarfile.open(upload)
            archive.extractall(path=dest, members=safe(archive))  # error: TL-B202
        """),
        RuleExample("""
        import tarfile
        import zipfile
        def unpack(upload, dest):
            with tarfile.open(upload) as tar:
                tar.extractall(dest, filter="data")
            z = zipfile.ZipFile(upload)
            z.extractall(dest)
        """),
    ], autofix: Autofix(.unsafe, safety: "`filter=\"data\"` refuses members with absolute paths, paths or links leading outside the destination, and device files, and drops set-uid bits and group or other write permission, so an archive that relies on those fails or extracts differently. The argument needs Python 3.12, or a release it was back-ported to (3.8.17, 3.9.17, 3.10.12, 3.11.4); older versions raise `TypeError`.", examples: [
        FixExample("""
        import tarfile
        def unpack(upload, dest):
            with tarfile.open(upload) as tar:
                tar.extractall(dest)
            archive = tarfile.open(upload)
            archive.extractall(path=dest, members=safe(archive))
            archive.extract("a.txt", dest, filter="fully_trusted")
        """, """
        import tarfile
        def unpack(upload, dest):
            with tarfile.open(upload) as tar:
                tar.extractall(dest, filter="data")
            archive = tarfile.open(upload)
            archive.extractall(path=dest, members=safe(archive), filter="data")
            archive.extract("a.txt", dest, filter="data")
        """),
    ]), check: { check($0, $1) })

    static func check(_ node: Node, _ context: RuleContext) -> [Finding] {
        guard let call = context.call(node), case .attribute(let receiver, let method, _) = context.tree[call.function].kind,
              method == "extractall" || method == "extract",
              let owner = context.model.constructorName(of: receiver), owner.hasPrefix("tarfile.") else { return [] }
        if let filter = call.keyword("filter") {
            if let value = context.string(filter), value == "fully_trusted" {
                return [context.finding(descriptor, at: call.id, description: "`\(method)` runs with `filter=\"fully_trusted\"`, which allows path traversal and links.",
                                        remediation: "Use `filter=\"data\"`.", fix: "filter=\"data\"", autofix: dataFilter(call, context))]
            }
            return []
        }
        if call.hasUnpacking { return [] }
        let members = call.keyword("members") != nil
        return [context.finding(descriptor, at: call.id,
                                description: "`\(context.text(call.function))` extracts a tar archive without an extraction filter\(members ? " (a `members` list is given; make sure it rejects `..`, absolute paths and links)" : ""): member paths like `../` write outside the destination.",
                                remediation: "Pass `filter=\"data\"` (Python 3.12+, back-ported to 3.8.17+).", fix: "\(context.text(call.function))(..., filter=\"data\")",
                                severity: members ? .medium : nil, confidence: members ? .low : nil, autofix: dataFilter(call, context))]
    }

    /// The call with `filter="data"` (added, or in place of `"fully_trusted"`).
    static func dataFilter(_ call: CallInfo, _ context: RuleContext) -> Fix? {
        context.fix("Pass `filter=\"data\"`", .unsafe, [context.settingKeyword(call, "filter", to: "\"data\"")])
    }
}
