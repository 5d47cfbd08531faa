import Dataflow
import PythonSemantics
import PythonSyntax
import Rules

/// What an entry point reaches: the sink catalog's calls (SQL, files, processes, outgoing
/// requests, template source, deserialisation, code) and the stores of `Stores` (database
/// connections, ORM models, rendered templates, e-mail, caches, queues), in the handler and in
/// the project functions it calls, each with where the call is.
extension Analyzer {
    func reaches(_ candidate: Candidate) -> [Reach] {
        var out: Set<Reach> = []
        // The handler's own scopes, then the functions it calls (wherever they are).
        var places: [(file: Int, scope: ScopeID)] = candidate.scopes.map { (candidate.file, $0) }
        for function in reachedFunctions(candidate) {
            if let (file, scope, _) = definition(of: function) { places.append((file, scope)) }
        }
        for (file, scope) in places {
            out.formUnion(reaches(in: scope, file: file))
        }
        return out.sorted()
    }

    /// The reaches of one function or class body (its own code, not what it calls), worked out once.
    func reaches(in scope: ScopeID, file: Int) -> [Reach] {
        if let known = reachesOfScope[file]?[scope] { return known }
        let found = ownReaches(in: scope, file: file)
        reachesOfScope[file, default: [:]][scope] = found
        return found
    }

    func ownReaches(in scope: ScopeID, file: Int) -> [Reach] {
        let reading = reading(file)
        let context = reading.context
        let tree = reading.tree
        let function = reading.model.localQualifiedName(scope)
        let usesDatabase = Stores.databaseModules.contains { context.importedRoots.contains($0) }
        var out: [Reach] = []
        func add(_ kind: Reach.Kind, _ target: String?, _ call: String, _ expr: ExprID, writes: Bool) {
            out.append(Reach(kind: kind, target: target, call: call, location: reading.location(Int(tree[expr].range.lineno), function), writes: writes))
        }
        for sink in inventory.sinkCalls(in: scope, file: file) {
            switch sink.kind {
            case .sql:
                guard sink.role != "clause" else { continue }
                let statement = sink.constantPrefix.flatMap(Self.sqlStatement)
                guard usesDatabase || statement != nil else { continue }
                let table = sink.constantPrefix.flatMap(Self.sqlTable)
                    ?? context.call(sink.call)?.args.first.flatMap { arg in tree.nameIdentifier(arg) != nil ? modelName(arg, reading) : nil }
                add(.database, table, sink.callee, sink.call, writes: statement.map(Stores.writingStatements.contains) ?? false)
            case .path:
                add(.file, sink.isConstant ? sink.argument.flatMap { context.string($0) } : nil, sink.callee, sink.call, writes: Self.writesFile(sink, context))
            case .command:
                var program = sink.constantPrefix.flatMap { $0.split(separator: " ").first.map(String.init) }
                // `["ping", "-c", "1", host]`: the program is the list's first item.
                if program == nil, let argument = sink.argument, case .list(let items, _) = tree[argument].kind, let first = items.first {
                    program = context.string(first)
                }
                add(.shell, program, sink.callee, sink.call, writes: true)
            case .template:
                add(.template, nil, sink.callee + " (template source)", sink.call, writes: false)
            case .url:
                let target = sink.constantPrefix.flatMap { Self.origin($0, complete: sink.isConstant) } ?? (sink.role == "host" ? sink.argument.flatMap { context.string($0) } : nil)
                let verb = CodeReading.last(sink.callee).lowercased()
                add(.http, target, sink.callee, sink.call, writes: Stores.writingVerbs.contains(verb))
            case .deserialization:
                add(.deserialization, nil, sink.callee, sink.call, writes: false)
            case .code:
                add(.code, nil, sink.callee, sink.call, writes: false)
            default:
                continue
            }
        }
        for expr in inventory.expressions(in: scope, file: file) {
            guard let call = context.call(expr) else {
                // A model named in the code (`Item.objects`, `select(Item)`, `model = Item`).
                if case .name = tree[expr].kind, let model = modelName(expr, reading) {
                    add(.database, model, model, expr, writes: false)
                }
                continue
            }
            let name = call.name ?? ""
            let method: String? = { if case .attribute(_, let attr, _) = tree[call.function].kind { return attr } else { return nil } }()
            if let database = Stores.connections[name] {
                let file = call.argument(0).flatMap { context.string($0) }
                add(.database, file.map { "\(database): \($0)" } ?? database, name, expr, writes: false)
            }
            if Stores.templateRenderers.contains(name) || (method.map(Stores.templateMethods.contains) ?? false && call.args.count + call.keywords.count > 0) {
                let template = (call.argument(0, "template_name") ?? call.keyword("name")).flatMap { context.string($0) }
                    ?? call.args.dropFirst().first.flatMap { context.string($0) }
                add(.template, template, CodeReading.last(name.isEmpty ? (method ?? "") : name), expr, writes: false)
            }
            if Stores.email.contains(name) {
                let host = name.hasPrefix("smtplib.") ? call.argument(0, "host").flatMap { context.string($0) } : nil
                add(.email, host, name, expr, writes: true)
            } else if let method, Stores.emailMethods.contains(method) || (method == "send" && isMailer(call.function, reading)) {
                add(.email, nil, reading.text(call.function, limit: 40), expr, writes: true)
            }
            if let method, case .attribute(let receiver, _, _) = tree[call.function].kind {
                if let cache = cacheName(receiver, reading), Stores.cacheWrites.contains(method) || Stores.cacheReads.contains(method) {
                    add(.cache, cache, reading.text(call.function, limit: 40), expr, writes: Stores.cacheWrites.contains(method))
                }
                if let task = taskName(receiver, method, reading) {
                    add(.queue, task, reading.text(call.function, limit: 40), expr, writes: true)
                }
                if ["save", "delete"].contains(method), reading.text(receiver).hasSuffix("request.user") {
                    // Django's user model, saved through the request.
                    add(.database, "User", reading.text(call.function, limit: 40), expr, writes: true)
                } else if Stores.modelWrites.contains(method), let model = modelRoot(receiver, reading) {
                    add(.database, model, reading.text(call.function, limit: 40), expr, writes: true)
                } else if Stores.sessionWrites.contains(method) || Stores.modelWrites.contains(method), isSession(receiver, reading, usesDatabase: usesDatabase) {
                    let model = call.args.first.flatMap { reading.model.constructorName(of: $0) }.flatMap { facts.models[project.canonicalName($0)] }
                    add(.database, model, reading.text(call.function, limit: 40), expr, writes: true)
                } else if method == "save", call.args.count >= 1, ["file", "upload", "image", "photo", "avatar", "attachment"].contains(where: reading.words(receiver).contains) {
                    add(.file, nil, reading.text(call.function, limit: 40), expr, writes: true)
                }
            }
        }
        return out
    }

    /// The first word of a SQL text (`SELECT`), when it is a SQL statement.
    static func sqlStatement(_ text: String) -> String? {
        let word = text.drop(while: { $0 == " " || $0 == "\n" || $0 == "(" || $0 == "\t" }).prefix(while: { $0.isLetter }).uppercased()
        return Stores.writingStatements.contains(word) || Stores.readingStatements.contains(word) ? word : nil
    }

    /// The table a SQL text names after FROM, INTO, UPDATE or JOIN.
    static func sqlTable(_ text: String) -> String? {
        let words = text.split(whereSeparator: { " \n\t(),;".contains($0) }).map(String.init)
        for (index, word) in words.enumerated() where ["FROM", "INTO", "UPDATE", "JOIN", "TABLE"].contains(word.uppercased()) && index + 1 < words.count {
            let table = String(words[index + 1].filter { !"`\"[]".contains($0) })
            if !table.isEmpty, table.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." }),
               !["SELECT", "IF", "ONLY"].contains(table.uppercased()) { return table }
        }
        return nil
    }

    /// `https://api.example.com` of a URL's constant start, when it has a whole host: one
    /// followed by a path, a query or a fragment, or a URL that is constant throughout.
    static func origin(_ prefix: String, complete: Bool) -> String? {
        guard let scheme = prefix.range(of: "://") else { return nil }
        let rest = prefix[scheme.upperBound...]
        let host = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        guard !host.isEmpty, !host.contains("{"), !host.contains("@"), host.count < rest.count || complete else { return nil }
        return String(prefix[..<scheme.upperBound]) + host
    }

    /// Does a file call write (`open(p, "w")`, `os.remove`, `Path.write_text`)?
    static func writesFile(_ sink: SinkCall, _ context: RuleContext) -> Bool {
        let last = CodeReading.last(sink.callee)
        if ["remove", "unlink", "rmdir", "removedirs", "makedirs", "mkdir", "chmod", "chown", "truncate", "rename", "replace", "rmtree",
            "copy", "copy2", "copyfile", "copytree", "move", "write_text", "write_bytes", "touch", "symlink_to", "hardlink_to"].contains(last) {
            return true
        }
        guard last == "open", let call = context.call(sink.call) else { return false }
        let mode = (call.argument(1, "mode")).flatMap { context.string($0) } ?? "r"
        return mode.contains { "wax+".contains($0) }
    }

    /// The ORM model a name refers to.
    func modelName(_ expr: ExprID, _ reading: CodeReading) -> String? {
        guard let name = reading.context.qualifiedName(expr) else { return nil }
        return facts.models[project.canonicalName(name)]
    }

    /// A database session: a name such as `db` or `session` (or a chain starting with one:
    /// `db.session`, `db.query(Note).filter(...)`), or a parameter annotated `Session`.
    /// A bare name counts only in a module that imports a database library (`usesDatabase`).
    func isSession(_ receiver: ExprID, _ reading: CodeReading, usesDatabase: Bool) -> Bool {
        var current = receiver
        for _ in 0..<8 {
            switch reading.tree[current].kind {
            case .attribute(let base, let attr, _):
                if attr == "session" { return true }
                current = base
            case .call(let function, _, _): current = function
            case .name(let id, _):
                if usesDatabase, ["db", "session", "dbsession", "db_session", "conn", "connection"].contains(id.lowercased()) || id.lowercased().hasSuffix("session") {
                    return true
                }
                for binding in reading.model.reachingBindings(of: current) {
                    guard case .parameter(let index, let owner) = reading.model[binding].kind, case .statement(let stmt) = reading.model[owner].node else { continue }
                    switch reading.tree[stmt].kind {
                    case .functionDef(let def), .asyncFunctionDef(let def):
                        let params = reading.tree.parameters(of: def.args)
                        if index < params.count, let annotation = params[index].annotation, reading.text(annotation).hasSuffix("Session") { return true }
                    default: continue
                    }
                }
                return false
            default: return false
            }
        }
        return false
    }

    /// The model at the root of a receiver chain (`Item.objects.filter(...)`, `item` built as `Item(...)`).
    func modelRoot(_ receiver: ExprID, _ reading: CodeReading) -> String? {
        var current = receiver
        for _ in 0..<8 {
            switch reading.tree[current].kind {
            case .attribute(let base, _, _): current = base
            case .call(let function, let args, _):
                // `db.query(Note)`, `select(Note)`: the model the query is about.
                if let first = args.first, case .name = reading.tree[first].kind, let model = modelName(first, reading) { return model }
                current = function
            case .name:
                if let model = modelName(current, reading) { return model }
                if let built = reading.model.constructorName(of: current) { return facts.models[project.canonicalName(built)] }
                return nil
            default: return nil
            }
        }
        return nil
    }

    /// The cache a receiver is (`cache` of Django, a `redis.Redis(...)` client), as the diagram names it.
    func cacheName(_ receiver: ExprID, _ reading: CodeReading) -> String? {
        if let name = reading.context.qualifiedName(receiver), name == Stores.djangoCache || name.hasPrefix("django.core.cache.caches") { return "Django cache" }
        guard let built = objects.constructor(of: receiver, file: reading.file), Stores.caches.contains(built) else { return nil }
        return built.hasPrefix("redis") ? "Redis" : built.contains("memcache") ? "Memcached" : "Cache"
    }

    /// A task queued by `task.delay(...)` / `.apply_async(...)`, `queue.enqueue(task, ...)`, `app.send_task("name")`.
    func taskName(_ receiver: ExprID, _ method: String, _ reading: CodeReading) -> String? {
        if TaskModels.enqueueMethods.contains(method), let name = reading.context.qualifiedName(receiver),
           let function = project.resolveFunction(name), facts.tasks.contains(function) {
            return CodeReading.last(function)
        }
        if TaskModels.queueMethods.contains(method), let built = objects.constructor(of: receiver, file: reading.file), TaskModels.queueClasses.contains(built) {
            return "RQ queue"
        }
        if method == "send_task", let built = objects.constructor(of: receiver, file: reading.file), TaskModels.celeryApps.contains(built) { return "Celery" }
        return nil
    }

    func isMailer(_ function: ExprID, _ reading: CodeReading) -> Bool {
        guard case .attribute(let receiver, _, _) = reading.tree[function].kind, let built = objects.constructor(of: receiver, file: reading.file) else { return false }
        return Stores.mailers.contains(built)
    }

    /// Why the entry point changes server state: an unsafe method the route declares, and the
    /// writes it reaches.
    func stateChanges(_ candidate: Candidate, _ reaches: [Reach]) -> [Evidence] {
        var out: [Evidence] = []
        if candidate.explicitMethods, let verb = candidate.methods.first(where: { !Self.safeMethods.contains($0) }) {
            out.append(Evidence("answers \(verb)"))
        }
        var seen: Set<String> = []
        for reach in reaches where reach.writes {
            let text: String
            switch reach.kind {
            case .database: text = "writes to the database" + (reach.target.map { " (`\($0)`)" } ?? "") + " with `\(reach.call)`"
            case .file: text = "changes a file with `\(reach.call)`"
            case .shell: text = "runs a command with `\(reach.call)`"
            case .email: text = "sends e-mail with `\(reach.call)`"
            case .cache: text = "writes the cache with `\(reach.call)`"
            case .queue: text = "queues `\(reach.target ?? "a task")`"
            case .http: text = "sends data to \(reach.target.map { "`\($0)`" } ?? "another service") with `\(reach.call)`"
            default: continue
            }
            guard seen.insert(text).inserted else { continue }
            out.append(Evidence(text, at: reach.location))
            if out.count >= 6 { break }
        }
        return out
    }
}
