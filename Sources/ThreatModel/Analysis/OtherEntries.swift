import Dataflow
import PythonSemantics
import PythonSyntax
import Rules

/// Entry points that are not HTTP routes: Django management commands, click/Typer/Flask CLI
/// commands, argparse scripts, Celery and RQ tasks, and Flask-SocketIO events.
extension Analyzer {
    static let managementCommandBases: Set<String> = ["django.core.management.base.BaseCommand", "django.core.management.BaseCommand",
                                                      "django.core.management.base.LabelCommand", "django.core.management.base.AppCommand"]
    static var clickCommands: Set<String> { CommandLinePrograms.clickCommands }
    static var clickParameters: Set<String> { CommandLinePrograms.clickParameters }
    static let typerApps: Set<String> = ["typer.Typer", "typer.main.Typer"]
    static let socketIOServers: Set<String> = ["flask_socketio.SocketIO", "socketio.Server", "socketio.AsyncServer"]

    func otherCandidates() -> [Candidate] {
        var out: [Candidate] = []
        for file in inventory.contexts.indices {
            let reading = reading(file)
            let model = reading.model
            // Test code runs no command anyone else starts.
            if reading.context.isTestFile { continue }
            for (index, scope) in model.scopes.enumerated() {
                guard case .statement(let stmt) = scope.node else { continue }
                let id = ScopeID(Int32(index))
                if scope.kind == .class, model.moduleName.contains(".management.commands."),
                   reading.base(of: scope.qualifiedName, in: Self.managementCommandBases) != nil {
                    out.append(managementCommand(scope, id, stmt, reading))
                }
                guard scope.kind == .function else { continue }
                let decorators = model.decorators(of: stmt)
                if let command = commandDecorator(decorators, reading) {
                    var entry = basic(.command, name: command, stmt: stmt, scope: id, reading)
                    entry.declaredInputs = commandInputs(decorators, stmt, reading)
                    out.append(entry)
                }
                if facts.tasks.contains(scope.qualifiedName) {
                    let taskName = decorators.compactMap { $0.call.flatMap { reading.context.call($0)?.keyword("name") }.flatMap { reading.context.string($0) } }.first
                    var entry = basic(.task, name: taskName ?? scope.name, stmt: stmt, scope: id, reading)
                    entry.declaredInputs = parameters(stmt, reading).map { Input(kind: .message, name: $0, line: Int(reading.tree[stmt].range.lineno)) }
                    out.append(entry)
                }
                for decorator in decorators {
                    guard let receiver = objects.receiverClass(decorator, file: file), Self.socketIOServers.contains(receiver), decorator.attribute == "on" || decorator.attribute == "event",
                          let call = decorator.call, let event = reading.context.call(call)?.argument(0).flatMap({ reading.context.string($0) }) else { continue }
                    var entry = basic(.websocket, name: event, stmt: stmt, scope: id, reading)
                    entry.framework = .flask
                    entry.declaredInputs = parameters(stmt, reading).map { Input(kind: .message, name: $0, line: Int(reading.tree[stmt].range.lineno)) }
                    out.append(entry)
                }
            }
            if let script = argparseScript(reading) { out.append(script) }
        }
        return out
    }

    func basic(_ kind: EntryKind, name: String, stmt: StmtID, scope: ScopeID, _ reading: CodeReading) -> Candidate {
        Candidate(kind: kind, framework: nil, methods: [], explicitMethods: true, path: name, pathParameters: [], file: reading.file, statement: stmt,
                  name: reading.model[scope].qualifiedName, classStatement: nil, className: nil, scopes: [scope])
    }

    /// A function's parameters, without `self`/`cls` (and Celery's bound `self`).
    func parameters(_ function: StmtID, _ reading: CodeReading) -> [String] {
        switch reading.tree[function].kind {
        case .functionDef(let def), .asyncFunctionDef(let def):
            return reading.tree.parameters(of: def.args).map(\.arg).filter { $0 != "self" && $0 != "cls" }
        default:
            return []
        }
    }

    /// A Django management command: `manage.py NAME`, its `handle` and `add_arguments`.
    func managementCommand(_ scope: Scope, _ id: ScopeID, _ stmt: StmtID, _ reading: CodeReading) -> Candidate {
        let name = String(reading.model.moduleName.split(separator: ".").last ?? "")
        var methods: [ScopeID] = [id]
        var handle = stmt
        var inputs: [Input] = []
        for (index, inner) in reading.model.scopes.enumerated() where inner.parent == id && inner.kind == .function {
            methods.append(ScopeID(Int32(index)))
            guard case .statement(let method) = inner.node else { continue }
            if inner.name == "handle" { handle = method }
            if inner.name == "add_arguments" { inputs += addArguments(in: ScopeID(Int32(index)), reading) }
        }
        var entry = Candidate(kind: .command, framework: .django, methods: [], explicitMethods: true, path: "manage.py \(name)", pathParameters: [],
                              file: reading.file, statement: handle, name: scope.qualifiedName + ".handle", classStatement: stmt,
                              className: scope.qualifiedName, scopes: methods)
        entry.declaredInputs = inputs
        return entry
    }

    /// `parser.add_argument("--limit", ...)` calls in a scope: the options and arguments.
    func addArguments(in scope: ScopeID, _ reading: CodeReading) -> [Input] {
        var out: [Input] = []
        for expr in inventory.expressions(in: scope, file: reading.file) {
            guard let call = reading.context.call(expr), case .attribute(_, "add_argument", _) = reading.tree[call.function].kind else { continue }
            let names = call.args.compactMap { reading.context.string($0) }
            let name = names.first { $0.hasPrefix("--") } ?? names.first
            out.append(Input(kind: .argument, name: name, line: Int(reading.tree[expr].range.lineno)))
        }
        return out
    }

    /// The command a decorator list declares: `@click.command("name")`, `@group.command()`,
    /// `@app.cli.command("seed")`, Typer's `@app.command()`.
    func commandDecorator(_ decorators: [SemanticModel.Decorator], _ reading: CodeReading) -> String? {
        for decorator in decorators {
            let isClick = decorator.qualifiedName.map(Self.clickCommands.contains) ?? false
            var isCommand = isClick
            if !isCommand, decorator.attribute == "command" || decorator.attribute == "group" {
                var target = decorator.expr
                if let call = decorator.call, case .call(let function, _, _) = reading.tree[call].kind { target = function }
                if case .attribute(let receiver, _, _) = reading.tree[target].kind {
                    let text = reading.tree.dottedName(receiver) ?? ""
                    // Flask's `app.cli`, a Typer app, or a click group defined in the project.
                    if text.hasSuffix(".cli") || text == "cli" && reading.context.importedRoots.contains("click") { isCommand = true }
                    if let built = objects.receiverClass(decorator, file: reading.file), Self.typerApps.contains(built) { isCommand = true }
                    if let name = reading.context.qualifiedName(receiver), let function = project.resolveFunction(name),
                       project.functions[function]?.decorators.contains(where: { Self.clickCommands.contains($0) || $0.hasSuffix(".group") }) == true {
                        isCommand = true
                    }
                }
            }
            guard isCommand else { continue }
            let named = decorator.call.flatMap { reading.context.call($0)?.argument(0, "name") }.flatMap { reading.context.string($0) }
            return named ?? functionName(of: decorator, reading)
        }
        return nil
    }

    func functionName(of decorator: SemanticModel.Decorator, _ reading: CodeReading) -> String? {
        for scope in reading.model.scopes where scope.kind == .function {
            guard case .statement(let stmt) = scope.node, reading.model.decorators(of: stmt).contains(where: { $0.expr == decorator.expr }) else { continue }
            return scope.name.replacingOccurrences(of: "_", with: "-")
        }
        return nil
    }

    /// A command's options: click's `@click.option("--name")`/`@click.argument("name")`, or
    /// (Typer, click without declarations) the function's parameters.
    func commandInputs(_ decorators: [SemanticModel.Decorator], _ function: StmtID, _ reading: CodeReading) -> [Input] {
        var out: [Input] = []
        for decorator in decorators where decorator.qualifiedName.map(Self.clickParameters.contains) ?? false {
            guard let call = decorator.call, let info = reading.context.call(call) else { continue }
            let names = info.args.compactMap { reading.context.string($0) }
            out.append(Input(kind: .argument, name: names.first { $0.hasPrefix("--") } ?? names.first, line: Int(reading.tree[call].range.lineno)))
        }
        if out.isEmpty {
            out = parameters(function, reading).map { Input(kind: .argument, name: $0, line: Int(reading.tree[function].range.lineno)) }
        }
        return out
    }

    /// A script run as `python file.py`: an `argparse.ArgumentParser` in a module with an
    /// `if __name__ == "__main__":` block.
    func argparseScript(_ reading: CodeReading) -> Candidate? {
        let tree = reading.tree
        let isScript = tree.body.contains { stmt in
            guard case .if(let test, _, _) = tree[stmt].kind else { return false }
            return reading.text(test).contains("__name__") && reading.text(test).contains("__main__")
        }
        guard isScript else { return nil }
        for index in tree.exprs.indices {
            let id = ExprID(Int32(index))
            guard let call = reading.context.call(id), call.name == "argparse.ArgumentParser", let here = reading.model.scope(of: id) else { continue }
            let scope = reading.model.enclosingDefinitionScope(here)
            let name = String(reading.displayPath.split(separator: "/").last ?? Substring(reading.displayPath))
            var inputs: [Input] = []
            if reading.model[scope].kind == .function {
                inputs = addArguments(in: scope, reading)
            } else {
                for other in tree.exprs.indices {
                    let expr = ExprID(Int32(other))
                    guard let add = reading.context.call(expr), case .attribute(_, "add_argument", _) = tree[add.function].kind,
                          let s = reading.model.scope(of: expr), reading.model.enclosingDefinitionScope(s) == scope else { continue }
                    let names = add.args.compactMap { reading.context.string($0) }
                    inputs.append(Input(kind: .argument, name: names.first { $0.hasPrefix("--") } ?? names.first, line: Int(tree[expr].range.lineno)))
                }
            }
            let stmt: StmtID
            if case .statement(let def) = reading.model[scope].node { stmt = def } else { stmt = tree.body.first ?? StmtID(0) }
            var entry = Candidate(kind: .command, framework: nil, methods: [], explicitMethods: true, path: "python \(name)", pathParameters: [],
                                  file: reading.file, statement: stmt, name: reading.model[scope].qualifiedName, classStatement: nil, className: nil,
                                  scopes: reading.model[scope].kind == .function ? [scope] : [])
            entry.declaredInputs = inputs
            return entry
        }
        return nil
    }
}

