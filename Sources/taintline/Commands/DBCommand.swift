import ArgumentParser
import Dependencies
import Foundation
import TaintlineKit

struct DBCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db",
        abstract: "Manages the local advisory database used by 'deps'.",
        subcommands: [DBUpdateCommand.self, DBInfoCommand.self])
}

struct DBUpdateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "update",
        abstract: "Downloads osv.dev's PyPI advisory export into the user cache (the only time 'deps' uses the network).")

    @Option(help: "Where to download the export from.")
    var url: String = DatabaseUpdate.defaultURL

    @Option(help: "Where to install the database (default: ~/.cache/taintline/osv-pypi).")
    var db: String?

    @Option(help: "Give up after this many seconds.")
    var timeout: Int = 300

    func run() throws {
        do {
            let result = try DatabaseUpdate.run(url: url, destination: db ?? AdvisoryDatabase.defaultPath, timeoutSeconds: timeout)
            print("Installed \(result.advisoryFiles) advisories for \(result.packages) packages (\(result.bytes / 1024) KiB downloaded) at \(result.path)")
        } catch let error as DependencyAuditError {
            throw failure(error.description)
        }
    }
}

struct DBInfoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "info", abstract: "Shows where the advisory database is and what it holds.")

    @Option(help: "Database folder or zip (default: ~/.cache/taintline/osv-pypi).")
    var db: String?

    func run() throws {
        let path = db ?? AdvisoryDatabase.defaultPath
        do {
            let database = try AdvisoryDatabase(path: path)
            print("\(database.path): advisories for \(database.packageNames.count) packages")
        } catch let error as AdvisoryDatabaseError {
            throw failure(error.description)
        }
    }
}

/// Prints `taintline: error: ...` and returns the exit that usage and internal errors use.
func failure(_ message: String) -> ExitCode {
    FileHandle.standardError.write(Data("taintline: error: \(message)\n".utf8))
    return ExitCode(ExitStatus.usageOrInternalError)
}
