import ArgumentParser
import Foundation
import ProjectSetup
import TaintlineKit

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Sets a project up: [tool.taintline], a pre-commit entry and a GitHub workflow, from its bandit settings.",
        discussion: """
        Writes into PATH (default: the current folder):
          pyproject.toml                   a [tool.taintline] section, appended (the file is created if \
        missing; the rest is left as it is). An existing [tool.taintline] is replaced only with --force.
          .pre-commit-config.yaml          Taintline's three hooks as a 'repo: local' entry that runs the \
        taintline on PATH, added to the repos: list (or a new file).
          .github/workflows/taintline.yml  the scan on pushes and pull requests through Taintline's GitHub \
        action: SARIF to code scanning, failing on High findings (on a pull request, only in its changed lines).

        An existing bandit configuration, [tool.bandit] in pyproject.toml and the .bandit INI file, is \
        translated: skips become ignore, tests select, exclude_dirs/exclude exclude, level/severity and \
        confidence the thresholds, assert_used.skips per-path ignores; bandit test ids (B602) become the \
        Taintline rules that carry them (TL-B602). Init prints what it translated and what it could not, \
        with why. Nothing is written when any file cannot be (exit 2); --dry-run prints the files instead.
        """)

    @Argument(help: "The project folder.")
    var path: String = "."

    @Flag(help: "Replace an existing [tool.taintline] section and .github/workflows/taintline.yml.")
    var force = false

    @Flag(name: .customLong("dry-run"), help: "Print what would be written, and the files, without writing anything.")
    var dryRun = false

    @Option(help: "The branch whose pushes the workflow scans.")
    var branch = "main"

    func run() throws {
        do {
            let plan = try ProjectSetup.plan(folder: path, rules: RuleIndex.all, options: ProjectSetup.Options(force: force, branch: branch))
            if !dryRun { try plan.write() }
            FileHandle.standardOutput.write(Data(plan.summary(dryRun: dryRun).utf8))
        } catch {
            throw fail(error)
        }
    }
}
