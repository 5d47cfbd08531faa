/// The data-flow diagram of a set of entry points: who calls the app (anonymous users,
/// authenticated users, administrators, third-party webhooks, operators), the app's processes
/// (the web app, commands, the task worker), the data stores and external services their
/// code reaches, and the flows between them, grouped by trust boundary.
enum DataFlow {
    /// How an entry point's caller is drawn.
    struct Caller {
        var entry: EntryPoint
        var isWebhook: Bool
        var isAdministrative: Bool
    }

    static let boundaries: [DataFlowDiagram.Boundary] = [
        .init(id: "internet", label: "Internet (untrusted)"),
        .init(id: "operations", label: "Operators"),
        .init(id: "application", label: "Application"),
        .init(id: "data", label: "Data stores"),
        .init(id: "external", label: "Third-party services"),
    ]

    static func build(_ callers: [Caller]) -> DataFlowDiagram {
        var nodes: [String: DataFlowDiagram.Node] = [:]
        var flows: [String: (label: Set<String>, entries: Set<String>)] = [:]
        func node(_ id: String, _ kind: DataFlowDiagram.NodeKind, _ label: String, _ boundary: String, details: [String] = []) {
            if var existing = nodes[id] {
                for detail in details where !existing.details.contains(detail) { existing.details.append(detail) }
                nodes[id] = existing
            } else {
                nodes[id] = DataFlowDiagram.Node(id: id, kind: kind, label: label, details: details, boundary: boundary)
            }
        }
        func flow(_ from: String, _ to: String, _ label: String, _ entry: String) {
            let key = from + "\u{1}" + to
            flows[key, default: ([], [])].label.insert(label)
            flows[key, default: ([], [])].entries.insert(entry)
        }

        var frameworks: Set<String> = []
        var routeCount = 0, socketCount = 0
        for caller in callers {
            let entry = caller.entry
            let process: String
            switch entry.kind {
            case .http, .websocket:
                process = "process_web"
                if let framework = entry.framework { frameworks.insert(framework) }
                if entry.kind == .http { routeCount += 1 } else { socketCount += 1 }
                let actor: (String, String)
                if caller.isWebhook {
                    actor = ("actor_webhook", "Third-party webhook")
                } else if entry.authentication.status == .required && (caller.isAdministrative || !entry.authentication.authorization.isEmpty) {
                    actor = ("actor_admin", "Administrator")
                } else if entry.authentication.status == .required {
                    actor = ("actor_user", "Authenticated user")
                } else {
                    actor = ("actor_anonymous", "Anonymous user")
                }
                node(actor.0, .actor, actor.1, "internet")
                flow(actor.0, process, entry.kind == .websocket ? "WebSocket" : "HTTP requests", entry.id)
            case .command:
                process = "process_cli"
                node("actor_operator", .actor, "Operator", "operations")
                node(process, .process, "Commands", "application", details: [entry.path])
                flow("actor_operator", process, "runs", entry.id)
            case .task:
                process = "process_worker"
                node(process, .process, "Task worker", "application", details: [entry.path])
                node("store_queue", .store, "Task queue", "data")
                flow("store_queue", process, "delivers tasks", entry.id)
            }
            for reach in entry.reaches {
                let verb = reach.writes ? "writes" : "reads"
                switch reach.kind {
                case .database:
                    node("store_database", .store, "Database", "data", details: reach.target.map { [$0] } ?? [])
                    flow(process, "store_database", verb, entry.id)
                case .file:
                    node("store_files", .store, "Files", "data", details: reach.target.map { [$0] } ?? [])
                    flow(process, "store_files", verb, entry.id)
                case .cache:
                    node("store_cache", .store, "Cache", "data", details: reach.target.map { [$0] } ?? [])
                    flow(process, "store_cache", verb, entry.id)
                case .queue:
                    node("store_queue", .store, "Task queue", "data", details: reach.target.map { [$0] } ?? [])
                    flow(process, "store_queue", "queues tasks", entry.id)
                case .http:
                    if let target = reach.target {
                        let host = target.split(separator: "/").last.map(String.init) ?? target
                        node("external_" + identifier(host), .external, host, "external", details: [target])
                        flow(process, "external_" + identifier(host), target.hasPrefix("https://") ? "HTTPS requests" : "HTTP requests", entry.id)
                    } else {
                        node("external_web", .external, "Other web services", "external", details: ["host chosen at run time"])
                        flow(process, "external_web", "HTTP requests", entry.id)
                    }
                case .email:
                    node("external_mail", .external, "Mail server", "external", details: reach.target.map { [$0] } ?? [])
                    flow(process, "external_mail", "sends e-mail", entry.id)
                case .shell:
                    node("process_os", .process, "OS commands", "application", details: reach.target.map { [$0] } ?? [])
                    flow(process, "process_os", "runs commands", entry.id)
                case .template, .deserialization, .code:
                    continue
                }
            }
        }
        if routeCount + socketCount > 0 {
            var details = frameworks.sorted()
            details.append("\(routeCount) HTTP route\(routeCount == 1 ? "" : "s")" + (socketCount > 0 ? ", \(socketCount) WebSocket" : ""))
            node("process_web", .process, "Web application", "application", details: details)
        }
        var sortedNodes = nodes.values.sorted { (order($0.kind), $0.id) < (order($1.kind), $1.id) }
        for index in sortedNodes.indices {
            sortedNodes[index].details = compact(sortedNodes[index].details)
        }
        let boundaryOf = Dictionary(uniqueKeysWithValues: sortedNodes.map { ($0.id, $0.boundary) })
        var edges: [DataFlowDiagram.Flow] = []
        for (key, value) in flows.sorted(by: { $0.key < $1.key }) {
            let parts = key.split(separator: "\u{1}").map(String.init)
            let labels = value.label.sorted { labelOrder($0) < labelOrder($1) }
            edges.append(DataFlowDiagram.Flow(id: "F\(edges.count + 1)", from: parts[0], to: parts[1], label: labels.joined(separator: ", "),
                                              entryPoints: value.entries.sorted(by: entryOrder), crossesBoundary: boundaryOf[parts[0]] != boundaryOf[parts[1]]))
        }
        let used = Set(sortedNodes.map(\.boundary))
        return DataFlowDiagram(nodes: sortedNodes, flows: edges, boundaries: boundaries.filter { used.contains($0.id) })
    }

    static func order(_ kind: DataFlowDiagram.NodeKind) -> Int {
        switch kind {
        case .actor: return 0
        case .process: return 1
        case .store: return 2
        case .external: return 3
        }
    }

    static func labelOrder(_ label: String) -> Int { ["reads", "writes"].firstIndex(of: label) ?? 2 }

    /// `E2` before `E10`.
    static func entryOrder(_ a: String, _ b: String) -> Bool {
        (Int(a.dropFirst()) ?? 0, a) < (Int(b.dropFirst()) ?? 0, b)
    }

    /// At most eight details, the rest counted.
    static func compact(_ details: [String]) -> [String] {
        guard details.count > 8 else { return details }
        return Array(details.prefix(7)) + ["… and \(details.count - 7) more"]
    }

    /// A name usable as a Mermaid and DOT identifier.
    static func identifier(_ text: String) -> String {
        String(text.map { $0.isASCII && ($0.isLetter || $0.isNumber) ? $0 : "_" })
    }
}
