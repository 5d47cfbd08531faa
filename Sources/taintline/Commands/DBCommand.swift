import ArgumentParser
import Dependencies
import Foundation
import TaintlineKit

struct DBCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db",
        abstract: "Manages the advisory database used by 'deps' and 'scan'.",
        discussion: """
        The audit reads --db when given, else the user cache (~/.cache/taintline/osv-pypi) once \
        'taintline db update' has filled it, else the snapshot built into Taintline. Every report names \
        the database it used and its date, and warns when it is more than 30 days old.
        """,
        subcommands: [DBUpdateCommand.self, DBInfoCommand.self, DBSnapshotCommand.self])
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
            print("Installed \(result.advisoryFiles) advisories for \(result.packages) packages (\(result.bytes / 1024) KiB downloaded, dated \(result.date ?? "unknown")) at \(result.path)")
        } catch let error as DependencyAuditError {
            throw failure(error.description)
        }
    }
}

struct DBInfoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "info", abstract: "Shows which advisory database the audit uses, its date and what it holds.")

    @Option(help: "Database folder, zip or snapshot (default: the user cache if filled, else the built-in snapshot).")
    var db: String?

    func run() throws {
        guard let (path, origin) = AdvisoryDatabase.locate(explicit: db) else {
            throw failure(AdvisoryDatabaseError.missing(path: AdvisoryDatabase.defaultPath).description)
        }
        do {
            let database = try AdvisoryDatabase(path: path)
            let info = database.info(origin: origin)
            print("\(info.line): advisories for \(database.packageNames.count) packages at \(database.path)")
            if let warning = DependencyAudit.ageWarning(info, now: Date()) { print("warning: \(warning)") }
        } catch let error as AdvisoryDatabaseError {
            throw failure(error.description)
        }
    }
}

struct DBSnapshotCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "snapshot",
        abstract: "Writes a compact snapshot of an OSV database (the format of the built-in one), for --db or to rebuild the built-in snapshot.",
        discussion: "Scripts/build-advisory-snapshot.sh runs it to write Sources/Dependencies/Resources/osv-pypi-snapshot.tsv.")

    @Argument(help: "The OSV database to read: a folder (PyPA vulns/<package>/ layout or flat), or an osv.dev zip export.")
    var source: String

    @Option(help: "Where to write the snapshot.")
    var output: String

    @Option(help: "What the snapshot says it is, e.g. 'PyPA advisory-database 3ccb612'.")
    var name: String?

    func run() throws {
        do {
            let database = try AdvisoryDatabase(path: source)
            let (text, header) = try AdvisorySnapshot.build(from: database, name: name)
            try text.write(toFile: output, atomically: true, encoding: .utf8)
            print("Wrote \(header.advisories) advisories for \(header.packages) packages, dated \(header.date ?? "unknown"), to \(output) (\(text.utf8.count / 1024) KiB)")
        } catch let error as AdvisoryDatabaseError {
            throw failure(error.description)
        } catch let error as DependencyAuditError {
            throw failure(error.description)
        }
    }
}

/// Prints `taintline: error: ...` and returns the exit that usage and internal errors use.
func failure(_ message: String) -> ExitCode {
    FileHandle.standardError.write(Data("taintline: error: \(message)\n".utf8))
    return ExitCode(ExitStatus.usageOrInternalError)
}
