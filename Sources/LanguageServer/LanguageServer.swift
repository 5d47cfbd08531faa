import Findings
import Foundation
import TaintlineKit
import Workspace

/// `taintline server`: a Language Server Protocol server over standard input and output. It
/// runs the scan pipeline on the workspace, with the text of open documents in place of their
/// files, and publishes each open document's findings as diagnostics; code actions apply a
/// rule's fix, add a suppression comment or open the rule's documentation.
///
/// Messages are read on the calling thread and handled in order on one queue, which owns all
/// state; scans run on another, one at a time, and what changes while one runs is scanned next.
public final class LanguageServer: @unchecked Sendable {
    /// How long typing must pause before the documents are scanned again.
    public static let debounceInterval: TimeInterval = 0.3

    private let writer: MessageWriter
    private let state = DispatchQueue(label: "taintline.server.state")
    private let scanning = DispatchQueue(label: "taintline.server.scan")

    // All below: only on `state`.
    private var initialized = false
    private var shutDown = false
    /// Workspace folders (absolute paths), from `initialize`.
    private var roots: [String] = []
    /// Open documents by path.
    private var documents: [String: OpenDocument] = [:]
    /// Per document path: what was last published, for code actions.
    private var published: [String: Publication] = [:]
    private var pendingScan: DispatchWorkItem?
    private var scanRunning = false
    private var scanAgain = false
    private var nextRequest = 1
    /// The client opens pages the server names (`window/showDocument`); else the link is shown as a message.
    private var showsDocuments = false
    /// Per root, the problem last shown to the user, so that typing does not repeat it.
    private var shownProblems: [String: String] = [:]

    /// A document's findings as published, with the text they describe.
    struct Publication {
        var version: Int
        var lines: DocumentLines
        var findings: [(finding: Finding, diagnostic: [String: Any], range: LSPRange)]
        var file: DiscoveredFile
        var options: ScanOptions?
    }

    public init(writer: MessageWriter = MessageWriter()) {
        self.writer = writer
    }

    /// Serves until the client sends `exit` or closes standard input; returns the exit status
    /// (0 after `shutdown`, 1 otherwise, as LSP asks).
    public func run(input: Int32 = STDIN_FILENO) -> Int32 {
        // A client that goes away must end the server through a failed write, not a signal.
        signal(SIGPIPE, SIG_IGN)
        var framer = MessageFramer()
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(input, $0.baseAddress!, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { break }
            framer.append(buffer[0..<count])
            while let event = framer.next() {
                switch event {
                case .malformed(let problem):
                    ServerLog.write("malformed message: \(problem)")
                case .body(let body):
                    let exit: Int32? = state.sync { handle(body) }
                    if let exit { return exit }
                }
            }
        }
        return state.sync { shutDown ? 0 : 1 }
    }

    // MARK: Dispatch (on `state`)

    /// Handles one message; an exit status when it was `exit`.
    private func handle(_ body: [UInt8]) -> Int32? {
        switch IncomingMessage.parse(body) {
        case .failure(let failure):
            ServerLog.write("bad message: \(failure.error.message)")
            writer.respond(failure.id, error: failure.error)
        case .success(.response(let id, _, let error)):
            if let error { ServerLog.write("the client answered request \(id) with an error: \(error)") }
        case .success(.notification(let method, let params)):
            if method == "exit" { return shutDown ? 0 : 1 }
            guard initialized else {
                ServerLog.write("'\(method)' before 'initialize': ignored")
                return nil
            }
            do {
                try notification(method, params)
            } catch let error as ResponseError {
                ServerLog.write("'\(method)': \(error.message)")
            } catch {
                ServerLog.write("'\(method)': \(error)")
            }
        case .success(.request(let id, let method, let params)):
            do {
                writer.respond(id, result: try request(method, params))
            } catch let error as ResponseError {
                writer.respond(id, error: error)
            } catch {
                writer.respond(id, error: .internalError("\(error)"))
            }
        }
        return nil
    }

    private func request(_ method: String, _ params: Any?) throws -> Any {
        if method == "initialize" {
            guard !initialized else { throw ResponseError.invalidRequest("the server is already initialized") }
            return initialize(params)
        }
        guard initialized else { throw ResponseError.serverNotInitialized }
        guard !shutDown else { throw ResponseError.invalidRequest("the server is shutting down: only 'exit' is accepted") }
        switch method {
        case "shutdown":
            shutDown = true
            pendingScan?.cancel()
            return NSNull()
        case "textDocument/codeAction":
            return try codeActions(params)
        case "workspace/executeCommand":
            return try executeCommand(params)
        default:
            throw ResponseError.methodNotFound(method)
        }
    }

    private func notification(_ method: String, _ params: Any?) throws {
        switch method {
        case "initialized", "$/cancelRequest", "$/setTrace", "workspace/didChangeConfiguration":
            return
        case "textDocument/didOpen":
            let item = try object(params, "textDocument")
            let uri = try string(item, "uri")
            guard let path = Self.path(ofURI: uri) else { throw ResponseError.invalidParams("not a file URI: \(uri)") }
            documents[path] = OpenDocument(uri: uri, path: path, version: item["version"] as? Int ?? 0, text: Array(try string(item, "text").utf8))
            scheduleScan(after: 0)
        case "textDocument/didChange":
            let item = try object(params, "textDocument")
            guard let path = Self.path(ofURI: try string(item, "uri")), var document = documents[path] else {
                throw ResponseError.invalidParams("a change of a document that is not open")
            }
            // Full synchronisation: each change holds the whole text; the last one is the text now.
            guard let changes = (params as? [String: Any])?["contentChanges"] as? [[String: Any]], let text = changes.last?["text"] as? String else {
                throw ResponseError.invalidParams("'contentChanges' must hold the document's whole text")
            }
            document.text = Array(text.utf8)
            document.version = item["version"] as? Int ?? document.version + 1
            documents[path] = document
            scheduleScan(after: Self.debounceInterval)
        case "textDocument/didSave":
            let item = try object(params, "textDocument")
            guard let path = Self.path(ofURI: try string(item, "uri")), documents[path] != nil else { return }
            if let text = (params as? [String: Any])?["text"] as? String { documents[path]?.text = Array(text.utf8) }
            scheduleScan(after: 0)
        case "textDocument/didClose":
            let item = try object(params, "textDocument")
            let uri = try string(item, "uri")
            guard let path = Self.path(ofURI: uri), documents.removeValue(forKey: path) != nil else { return }
            published[path] = nil
            writer.notify("textDocument/publishDiagnostics", ["uri": uri, "diagnostics": [Any]()])
            // Its unsaved text no longer stands in for the file: the other documents' facts may change.
            if !documents.isEmpty { scheduleScan(after: 0) }
        default:
            return
        }
    }

    private func initialize(_ params: Any?) -> [String: Any] {
        let params = params as? [String: Any] ?? [:]
        var folders: [String] = []
        if let list = params["workspaceFolders"] as? [[String: Any]] {
            folders = list.compactMap { ($0["uri"] as? String).flatMap(Self.path(ofURI:)) }
        }
        if folders.isEmpty, let uri = params["rootUri"] as? String, let path = Self.path(ofURI: uri) { folders = [path] }
        if folders.isEmpty, let path = params["rootPath"] as? String, path.hasPrefix("/") { folders = [path] }
        roots = folders.map { ($0 as NSString).standardizingPath }
        let window = (params["capabilities"] as? [String: Any])?["window"] as? [String: Any]
        showsDocuments = (window?["showDocument"] as? [String: Any])?["support"] as? Bool ?? false
        initialized = true
        ServerLog.write("workspace: \(roots.isEmpty ? "none (each document's folder)" : roots.joined(separator: ", "))")
        return [
            "capabilities": [
                "textDocumentSync": ["openClose": true, "change": 1, "save": ["includeText": false]],
                "codeActionProvider": ["codeActionKinds": ["quickfix"]],
                "executeCommandProvider": ["commands": [CodeActions.openDocumentation]],
            ],
            "serverInfo": ["name": "taintline", "version": taintlineVersion],
        ]
    }

    // MARK: Scans

    private func scheduleScan(after delay: TimeInterval) {
        pendingScan?.cancel()
        let work = DispatchWorkItem { self.startScan() }
        pendingScan = work
        state.asyncAfter(deadline: .now() + delay, execute: work)
    }

    /// Scans every root an open document is in, with the documents as they are now.
    private func startScan() {
        pendingScan = nil
        guard !shutDown, !documents.isEmpty else { return }
        if scanRunning {
            scanAgain = true
            return
        }
        scanRunning = true
        let snapshot = Array(documents.values)
        let byRoot = Dictionary(grouping: snapshot, by: root(of:))
        scanning.async {
            let scans = byRoot.keys.sorted().map { ProjectScan.run(root: $0, documents: byRoot[$0] ?? []) }
            self.state.async {
                self.publish(scans, snapshot: snapshot)
                self.scanRunning = false
                if self.scanAgain {
                    self.scanAgain = false
                    self.startScan()
                }
            }
        }
    }

    /// The workspace folder holding a document (the innermost), else the document's own folder.
    private func root(of document: OpenDocument) -> String {
        roots.filter { ProjectScan.relativePath(document.path, root: $0) != nil }.max { $0.count < $1.count }
            ?? (document.path as NSString).deletingLastPathComponent
    }

    private func publish(_ scans: [RootScan], snapshot: [OpenDocument]) {
        guard !shutDown else { return }
        let scanned = Dictionary(snapshot.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
        for scan in scans {
            if let problem = scan.problem {
                ServerLog.write("cannot scan \(scan.root): \(problem)")
                if shownProblems[scan.root] != problem {
                    writer.notify("window/showMessage", ["type": 1, "message": "Taintline cannot scan \(scan.root): \(problem)"])
                }
            }
            shownProblems[scan.root] = scan.problem
            var texts: [String: DocumentLines] = [:]
            func locate(_ file: String) -> (uri: String, lines: DocumentLines)? {
                let path = file.hasPrefix("/") ? file : scan.root + "/" + file
                if texts[path] == nil {
                    if let open = scanned[path] { texts[path] = DocumentLines(open.text) } else if let bytes = try? readFile(path) { texts[path] = DocumentLines(bytes) }
                }
                return texts[path].map { (Self.uri(ofPath: path), $0) }
            }
            for document in snapshot where root(of: document) == scan.root {
                // A document changed since the snapshot is scanned again soon; its findings would be of old text.
                guard let current = documents[document.path], current.version == document.version, current.text == document.text else { continue }
                guard let relative = ProjectScan.relativePath(document.path, root: scan.root) else { continue }
                let lines = DocumentLines(document.text)
                texts[document.path] = lines
                var entries: [(finding: Finding, diagnostic: [String: Any], range: LSPRange)] = []
                for finding in scan.findings[relative] ?? [] {
                    entries.append((finding, Diagnostics.diagnostic(finding, lines: lines, locate: locate), Diagnostics.range(of: finding.location, in: lines)))
                }
                published[document.path] = Publication(version: document.version, lines: lines, findings: entries,
                                                       file: DiscoveredFile(path: document.path, displayPath: relative, relativePath: relative, root: "."),
                                                       options: scan.options)
                writer.notify("textDocument/publishDiagnostics", ["uri": document.uri, "version": document.version, "diagnostics": entries.map(\.diagnostic)])
            }
        }
    }

    // MARK: Code actions and commands

    private func codeActions(_ params: Any?) throws -> Any {
        let item = try object(params, "textDocument")
        guard let path = Self.path(ofURI: try string(item, "uri")), let document = documents[path] else { return [Any]() }
        guard let range = LSPRange(json: (params as? [String: Any])?["range"]) else { throw ResponseError.invalidParams("'range' is missing or malformed") }
        let context = (params as? [String: Any])?["context"] as? [String: Any] ?? [:]
        if let only = context["only"] as? [String], !only.contains(where: { $0 == "quickfix" || "quickfix".hasPrefix($0 + ".") || $0.isEmpty }) {
            return [Any]()
        }
        // Only findings of the text the editor holds now: after an edit, wait for the next scan.
        guard let publication = published[path], publication.lines.text == document.text else { return [Any]() }
        let fingerprints = Set(((context["diagnostics"] as? [[String: Any]]) ?? []).compactMap { ($0["data"] as? [String: Any])?["fingerprint"] as? String })
        let chosen = publication.findings.filter { entry in
            fingerprints.isEmpty ? entry.range.touches(range) : fingerprints.contains(entry.finding.fingerprint)
        }
        return chosen.flatMap { entry in
            CodeActions.actions(for: CodeActions.Subject(finding: entry.finding, diagnostic: entry.diagnostic, uri: document.uri, lines: publication.lines,
                                                         file: publication.file, options: publication.options))
        }
    }

    private func executeCommand(_ params: Any?) throws -> Any {
        let params = params as? [String: Any] ?? [:]
        guard let command = params["command"] as? String else { throw ResponseError.invalidParams("'command' is missing") }
        guard command == CodeActions.openDocumentation else { throw ResponseError.invalidParams("unknown command '\(command)'") }
        guard let id = (params["arguments"] as? [Any])?.first as? String, let url = Diagnostics.documentationURL(ruleID: id) else {
            throw ResponseError.invalidParams("\(command) takes a rule id with documentation")
        }
        guard showsDocuments else {
            writer.notify("window/showMessage", ["type": 3, "message": "Documentation for \(id): \(url)"])
            return NSNull()
        }
        let requestID = RequestID.string("taintline-\(nextRequest)")
        nextRequest += 1
        writer.request(requestID, "window/showDocument", ["uri": url, "external": true])
        return NSNull()
    }

    // MARK: Parameters

    private func object(_ params: Any?, _ key: String) throws -> [String: Any] {
        guard let value = (params as? [String: Any])?[key] as? [String: Any] else { throw ResponseError.invalidParams("'\(key)' is missing or not an object") }
        return value
    }

    private func string(_ object: [String: Any], _ key: String) throws -> String {
        guard let value = object[key] as? String else { throw ResponseError.invalidParams("'\(key)' is missing or not a string") }
        return value
    }

    static func path(ofURI uri: String) -> String? {
        guard let url = URL(string: uri), url.isFileURL else { return nil }
        return (url.path as NSString).standardizingPath
    }

    static func uri(ofPath path: String) -> String {
        URL(fileURLWithPath: path).absoluteString
    }
}
