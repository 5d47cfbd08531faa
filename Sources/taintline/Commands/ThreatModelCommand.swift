import ArgumentParser
import Foundation
import TaintlineKit
import ThreatModel
import Workspace

struct ThreatModelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "threat-model",
        abstract: "Derives a threat model from the code: attack surface, STRIDE per entry point, data-flow diagram.",
        discussion: """
        Lists every entry point: the HTTP routes and WebSocket handlers of each supported framework, \
        Django management commands, click/Typer/Flask CLI commands, argparse scripts, Celery and RQ \
        tasks. For each: method, path and parameters, handler, the inputs it reads (query, form, JSON, \
        path, header, cookie, file), authentication (decorators, mixins, DRF permission classes, FastAPI \
        dependencies, before_request hooks, checks in the handler), CSRF protection, rate limiting, and \
        what its code and the functions it calls reach (SQL and ORM models, files, commands, templates, \
        outgoing HTTP with constant hosts, e-mail, caches, queues). Then a STRIDE pass over each entry \
        point and each flow out of the app (open, mitigated, not applicable, unknown, with the evidence \
        and the ids of the findings behind each open item), and the data-flow diagram with actors, \
        data stores, external services and trust boundaries.

        Findings come from the same scan (code, secrets, project and deploy checks; the dependency audit \
        is left out) with the configuration's filters and suppression comments applied; their ids are \
        the fingerprints `scan` reports. Formats: markdown (the document, with a Mermaid diagram), json \
        (the model; schema in Docs/threat-model.md), mermaid, dot (Graphviz), svg (drawn by Taintline). \
        Exit status: 0 when the model was written, 2 on a usage or I/O error (such as a PATH that does not \
        exist). Files that could not be parsed are listed under the model's limits.
        """)

    @Argument(help: "Files or folders to model.")
    var paths: [String] = ["."]

    @Option(help: "Output format: markdown (the document), json (the model), mermaid, dot (Graphviz), svg (the diagram, drawn by Taintline).")
    var format: ThreatModelFormat = .markdown

    @Option(help: ArgumentHelp("Write the output to this file instead of standard output.", valueName: "file"))
    var output: String?

    @Option(name: .customLong("exclude"), help: ArgumentHelp("Leave out paths matching this glob (relative to the scan root; repeatable).", valueName: "glob"))
    var excludes: [String] = []

    @Option(name: .customLong("include"), help: ArgumentHelp("Only read files matching this glob (repeatable).", valueName: "glob"))
    var includes: [String] = []

    @Flag(name: .customLong("no-gitignore"), help: "Read files that .gitignore excludes.")
    var noGitignore = false

    @Flag(name: .customLong("no-default-excludes"), help: "Also walk virtualenvs, node_modules, site-packages and build folders.")
    var noDefaultExcludes = false

    @Option(help: "Worker threads (default: all cores).")
    var jobs: Int?

    @Flag(help: "No progress line on standard error.")
    var quiet = false

    @OptionGroup var filters: FilterOptions

    func validate() throws {
        for pattern in excludes + includes {
            do { _ = try Glob(pattern) } catch { throw ValidationError("\(error)") }
        }
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
    }

    func run() throws {
        for path in paths where !FileManager.default.fileExists(atPath: path) {
            throw fail(UsageError("no such file or folder: \(path)"))
        }
        let text: String
        do {
            let settings = try ReportSettings.resolve(filters.request, roots: paths)
            let configuration = settings.configuration
            let discovery = DiscoveryOptions(excludes: excludes + (configuration.exclude ?? []), includes: includes + (configuration.include ?? []),
                                             respectGitignore: !noGitignore, includeDefaultSkips: noDefaultExcludes)
            var options = ScanOptions(discovery: discovery)
            if let jobs { options.jobs = jobs }
            let progress = TerminalProgress.make(quiet: quiet)
            if let progress { options.progress = { progress.update($0) } }
            defer { progress?.finish() }
            text = try ThreatModelPipeline.run(paths: paths, options: options, settings: settings).rendered(as: format)
        } catch {
            throw fail(error)
        }
        if let output {
            do {
                try text.write(toFile: output, atomically: true, encoding: .utf8)
            } catch {
                throw fail(UsageError("--output: cannot write \(output): \(error.localizedDescription)"))
            }
        } else {
            FileHandle.standardOutput.write(Data(text.utf8))
        }
    }
}

extension ThreatModelFormat: ExpressibleByArgument {}
