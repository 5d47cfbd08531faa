import ArgumentParser
import Findings
import Foundation
import TaintlineKit

/// The process entry point. ArgumentParser reports usage errors with status 64; Taintline
/// documents 2 for every usage error, so validation failures are mapped before exiting.
@main
enum TaintlineMain {
    static func main() {
        do {
            var command = try Taintline.parseAsRoot()
            try command.run()
        } catch {
            if Taintline.exitCode(for: error) == .validationFailure {
                FileHandle.standardError.write(Data((Taintline.fullMessage(for: error) + "\n").utf8))
                Taintline.exit(withError: ExitCode(ExitStatus.usageOrInternalError))
            }
            Taintline.exit(withError: error)
        }
    }
}

/// The root command: a thin shell over TaintlineKit.
struct Taintline: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "taintline",
        abstract: "A security auditor for Python web applications (Flask, Quart, FastAPI, Django, Starlette).",
        discussion: """
        Taintline reads a project's code and finds injection, XSS, CSRF, broken access control, weak \
        crypto, insecure configuration, hard-coded secrets and vulnerable dependencies; it probes a \
        running app for missing headers and unsafe cookies. It never runs the code it scans and never \
        uses the network unless asked.

        Exit status: 0 no finding at or above --fail-on; 1 findings at or above it; 2 usage or \
        internal error; 3 some input files could not be read or parsed (unless --allow-failed-files).
        """,
        version: taintlineVersion,
        subcommands: [
            ScanCommand.self,
            ParseCommand.self,
            DumpASTCommand.self,
            RulesCommand.self,
            ExplainCommand.self,
            SecretsCommand.self,
            DepsCommand.self,
            DBCommand.self,
            ProbeCommand.self,
            BaselineCommand.self,
            ThreatModelCommand.self,
            InitCommand.self,
            ServerCommand.self,
            MCPCommand.self,
        ],
        defaultSubcommand: nil
    )
}
