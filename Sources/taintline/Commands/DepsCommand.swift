import ArgumentParser
import Dependencies
import Findings
import Foundation
import TaintlineKit

struct DepsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deps",
        abstract: "Audits declared and locked dependencies against an offline OSV advisory database.",
        discussion: """
        Reads requirements*.txt and constraints files (with -r/-c includes), pyproject.toml (PEP 621, \
        PEP 735 dependency groups, Poetry), setup.cfg, Pipfile, poetry.lock, Pipfile.lock, uv.lock, \
        pdm.lock, pylock.toml and, with --python-env, an installed virtualenv. Every pinned, locked or \
        installed version is matched against the advisories (PYSEC, GHSA and CVE aliases merged into one \
        finding) and the smallest version that fixes all of them is named. Ranges that admit vulnerable \
        versions, unpinned requirements, missing hashes and a missing lock file are reported too.

        The database is read offline: --db DIR|ZIP|SNAPSHOT, else ~/.cache/taintline/osv-pypi once \
        'taintline db update' has filled it, else the advisory snapshot built into Taintline. The report \
        names the database and its date, and warns when it is more than 30 days old. Markers are \
        evaluated for --python-version and --platform.
        """)

    @Argument(help: "The project folder, or one manifest or lock file.")
    var path: String = "."

    @Option(help: "OSV advisory database: a folder of OSV YAML/JSON files (or PyPA's vulns/<package>/ layout), an osv.dev zip export or a 'taintline db snapshot' file. Default: ~/.cache/taintline/osv-pypi if 'taintline db update' filled it, else the built-in snapshot.")
    var db: String?

    @Option(name: .customLong("python-version"), help: "Target Python version for environment markers (3.11 or 3.11.4).")
    var pythonVersion: String = "3.12"

    @Option(help: "Target platform for environment markers: linux, darwin or windows.")
    var platform: String = "linux"

    @Option(name: .customLong("python-env"), help: "Also audit the distributions installed in this virtualenv (or site-packages folder).")
    var pythonEnv: String?

    @Flag(help: "Rewrite vulnerable pins in requirements files to the fixing versions, in place (regenerate hashes afterwards).")
    var fix = false

    @Flag(help: "The project is a library: do not report unpinned requirements, missing hashes or a missing lock file.")
    var library = false

    @OptionGroup var report: ReportOptions

    @OptionGroup var diff: DiffOptions

    func run() throws {
        let settings: ReportSettings
        do { settings = try report.settings(roots: [path], diff: diff) } catch { throw fail(error) }
        let options = DependencyAuditOptions(databasePath: db, requireDatabase: true, pythonVersion: pythonVersion, platform: platform,
                                             pythonEnvironment: pythonEnv, fix: fix, library: library)
        let result: DependencyAuditResult
        do {
            result = try DependencyAudit.run(root: path, options: options)
        } catch let error as DependencyAuditError {
            throw failure(error.description)
        }
        for notice in result.notices { FileHandle.standardError.write(Data("taintline: \(notice)\n".utf8)) }
        try finish(ScanReport(toolVersion: taintlineVersion, roots: [path], findings: result.findings, files: result.files,
                              rules: DependencyRules.all, notices: result.notices, advisoryDatabase: result.database), settings: settings)
    }
}
