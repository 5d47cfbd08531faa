import ArgumentParser
import Findings
import Foundation
import Secrets
import TaintlineKit
import Workspace

struct SecretsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "secrets",
        abstract: "Finds hard-coded credentials in files and git history.",
        discussion: """
        Looks for provider tokens (AWS, GitHub with checksum validation, GitLab, Slack, Stripe, Google, \
        SendGrid, npm, PyPI, OpenAI, Anthropic, DigitalOcean, Shopify, Telegram), JSON Web Tokens, private \
        key blocks, passwords in connection URLs, literal Django/Flask SECRET_KEYs and high-entropy values \
        assigned to names like password, secret, token or api_key. Secrets are never printed: messages and \
        code frames show the first characters, the length and a SHA-256 prefix (--show-secrets prints them). Binary, lock and minified files are skipped. \
        Add 'pragma: allowlist secret' to a line to silence it.

        With --history, every line ever added in the repository's git history is scanned too, and each \
        finding says in which commit it was added and whether it is still there.
        """)

    @Argument(help: "Files or folders to scan.")
    var paths: [String] = ["."]

    @Flag(help: "Also scan every line added in the git history of each PATH (all branches).")
    var history = false

    @Option(name: .customLong("exclude"), help: ArgumentHelp("Leave out paths matching this glob (relative to the scan root; repeatable).", valueName: "glob"))
    var excludes: [String] = []

    @Option(name: .customLong("include"), help: ArgumentHelp("Only scan files matching this glob (repeatable).", valueName: "glob"))
    var includes: [String] = []

    @Flag(name: .customLong("no-gitignore"), help: "Scan files that .gitignore excludes.")
    var noGitignore = false

    @Option(help: "Worker threads (default: all cores).")
    var jobs: Int?

    @OptionGroup var report: ReportOptions

    @OptionGroup var diff: DiffOptions

    func validate() throws {
        if history && diff.base != nil {
            throw ValidationError("--diff-base cannot be combined with --history: history findings are on lines of past commits, not of the working tree")
        }
        for pattern in excludes + includes {
            do { _ = try Glob(pattern) } catch { throw ValidationError("\(error)") }
        }
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
    }

    func run() throws {
        let settings: ReportSettings
        do { settings = try report.settings(roots: paths, diff: diff) } catch { throw fail(error) }
        let configuration = settings.configuration
        let options = DiscoveryOptions(excludes: excludes + (configuration.exclude ?? []), includes: includes + (configuration.include ?? []),
                                       respectGitignore: !noGitignore)
        let discovery = FileDiscovery.discover(roots: paths, options: options)
        let files = discovery.files.map { SecretFile(path: $0.path, displayPath: $0.displayPath, relativePath: $0.relativePath) }
        var batch = SecretScanner.scan(files: files, jobs: jobs ?? ProcessInfo.processInfo.activeProcessorCount)
        var notices: [String] = []
        if history {
            for root in paths {
                do {
                    let found = try SecretHistory.scan(repository: root)
                    batch.findings += found.findings
                    batch.suppressed += found.suppressed
                } catch {
                    notices.append("--history: \(error)")
                }
            }
        }
        for notice in notices { FileHandle.standardError.write(Data("taintline: \(notice)\n".utf8)) }
        try finish(ScanReport(toolVersion: taintlineVersion, roots: paths, findings: batch.findings.sorted(by: Finding.reportOrder),
                              suppressed: batch.suppressed, files: discovery.outcomes + batch.outcomes, rules: SecretRules.all,
                              notices: notices), settings: settings)
    }
}
