import PythonSyntax

/// Builds a `SemanticModel` in two passes: the first walks the tree once, opening scopes,
/// recording bindings and noting every loaded name; the second resolves each loaded name
/// with Python's scoping rules (LEGB, class scopes skipped from nested functions, `global` and
/// `nonlocal`) and the straight-line reaching approximation.
struct ModelBuilder {
    let tree: SyntaxTree
    let moduleName: String
    let isPackage: Bool

    var scopes: [Scope] = []
    var bindings: [Binding] = []
    var starImports: [String] = []
    var exprScopes: [Int32]
    var stmtScopes: [Int32]
    var exprBlocks: [Int32]
    var blockParents: [Int32] = []
    /// Indexed by expression index: the reaching bindings of each loaded name (nil elsewhere).
    var useDefs: [[BindingID]?]
    /// Indexed by expression index: loaded names bound nowhere in the module.
    var unboundUses: [Bool]

    private var currentScope: Int32 = 0
    private var currentBlock: Int32 = 0
    /// Loaded names: the use, its scope, its block.
    private var uses: [(expr: ExprID, scope: Int32, block: Int32)] = []
    private var depth = 0

    init(tree: SyntaxTree, moduleName: String, isPackage: Bool) {
        self.tree = tree
        self.moduleName = moduleName
        self.isPackage = isPackage
        exprScopes = Array(repeating: -1, count: tree.exprs.count)
        stmtScopes = Array(repeating: -1, count: tree.stmts.count)
        exprBlocks = Array(repeating: -1, count: tree.exprs.count)
        useDefs = Array(repeating: nil, count: tree.exprs.count)
        unboundUses = Array(repeating: false, count: tree.exprs.count)
    }

    mutating func run() {
        scopes.append(Scope(kind: .module, name: moduleName, parent: nil, qualifiedName: moduleName, node: .module))
        blockParents.append(-1)
        visitBody(tree.body)
        resolveUses()
    }

    // MARK: Scopes and blocks

    private mutating func openScope(_ kind: ScopeKind, name: String, node: ScopeNode) -> Int32 {
        let parent = scopes[Int(currentScope)]
        let qualified = parent.qualifiedName + "." + name
        scopes.append(Scope(kind: kind, name: name, parent: ScopeID(currentScope), qualifiedName: qualified, node: node))
        return Int32(scopes.count - 1)
    }

    private mutating func newBlock() -> Int32 {
        blockParents.append(currentBlock)
        return Int32(blockParents.count - 1)
    }

    /// Does every path through the block end in `return`, `raise`, `continue` or `break`?
    private func leaves(_ block: [StmtID]) -> Bool {
        guard let last = block.last else { return false }
        switch tree[last].kind {
        case .return, .raise, .continue, .break: return true
        case .if(_, let body, let orelse): return leaves(body) && leaves(orelse)
        default: return false
        }
    }

    private mutating func inBlock(_ body: [StmtID]) {
        let saved = currentBlock
        currentBlock = newBlock()
        visitBody(body)
        currentBlock = saved
    }

    // MARK: Bindings

    /// The scope a name binding in the current scope really lands in.
    private func bindingScope(for name: String, from scope: Int32) -> Int32 {
        let s = scopes[Int(scope)]
        if s.globalNames.contains(name) { return 0 }
        if s.nonlocalNames.contains(name) {
            var current = s.parent
            while let p = current {
                let ps = scopes[Int(p.index)]
                if ps.kind == .function || ps.kind == .lambda, ps.symbols[name] != nil { return p.index }
                current = ps.parent
            }
        }
        return scope
    }

    private mutating func bind(_ name: String, _ kind: BindingKind, statement: StmtID?, target: ExprID?, range: SourceRange,
                               position: Int32, scope explicitScope: Int32? = nil) {
        let scope = bindingScope(for: name, from: explicitScope ?? currentScope)
        let id = BindingID(Int32(bindings.count))
        bindings.append(Binding(name: name, kind: kind, scope: ScopeID(scope), statement: statement, target: target,
                                range: range, position: position, block: scope == currentScope || explicitScope != nil ? currentBlock : -1))
        scopes[Int(scope)].symbols[name, default: []].append(id)
    }

    /// Binds the names in an assignment target; pairs literal tuples element-wise.
    private mutating func bindTarget(_ target: ExprID, value: ExprID?, statement: StmtID?, position: Int32,
                                     kind makeKind: (ExprID?) -> BindingKind) {
        mark(target)
        switch tree[target].kind {
        case .name(let id, _):
            bind(id, makeKind(value), statement: statement, target: target, range: tree[target].range, position: position)
        case .tuple(let elts, _), .list(let elts, _):
            var values: [ExprID]?
            if let value {
                switch tree[value].kind {
                case .tuple(let v, _), .list(let v, _): values = v
                default: values = nil
                }
            }
            let hasStar = elts.contains { if case .starred = tree[$0].kind { return true } else { return false } }
            for (index, elt) in elts.enumerated() {
                let paired = (!hasStar && values?.count == elts.count) ? values?[index] : nil
                bindTarget(elt, value: paired, statement: statement, position: position, kind: makeKind)
            }
        case .starred(let value, _):
            bindTarget(value, value: nil, statement: statement, position: position, kind: makeKind)
        default:
            // Attribute and subscript targets bind no name; their parts are loads. (The
            // target itself is already marked, so visit its children.)
            for child in tree.childExprs(of: target) { visitExpr(child) }
        }
    }

    private mutating func mark(_ expr: ExprID) {
        let index = Int(expr.index)
        guard index >= 0, index < exprScopes.count else { return }
        exprScopes[index] = currentScope
        exprBlocks[index] = currentBlock
    }

    // MARK: Statements

    private mutating func visitBody(_ body: [StmtID]) {
        for stmt in body { visitStmt(stmt) }
    }

    private mutating func visitStmt(_ id: StmtID) {
        let index = Int(id.index)
        guard index >= 0, index < stmtScopes.count, stmtScopes[index] < 0 else { return }
        guard depth < 400 else { return }
        depth += 1
        defer { depth -= 1 }
        stmtScopes[index] = currentScope
        let stmt = tree[id]
        switch stmt.kind {
        case .functionDef(let def), .asyncFunctionDef(let def):
            def.decoratorList.forEach { visitExpr($0) }
            tree.defaults(of: def.args).forEach { visitExpr($0) }
            for arg in tree.parameters(of: def.args) { if let a = arg.annotation { visitExpr(a) } }
            if let r = def.returns { visitExpr(r) }
            visitTypeParams(def.typeParams)
            bind(def.name, .function(id), statement: id, target: nil, range: stmt.range, position: stmt.range.start)
            let savedScope = currentScope, savedBlock = currentBlock
            currentScope = openScope(.function, name: def.name, node: .statement(id))
            currentBlock = newBlock()
            bindParameters(def.args, owner: currentScope, position: stmt.range.start)
            visitBody(def.body)
            currentScope = savedScope
            currentBlock = savedBlock
        case .classDef(let def):
            def.decoratorList.forEach { visitExpr($0) }
            def.bases.forEach { visitExpr($0) }
            def.keywords.forEach { visitExpr($0.value) }
            visitTypeParams(def.typeParams)
            let savedScope = currentScope, savedBlock = currentBlock
            currentScope = openScope(.class, name: def.name, node: .statement(id))
            currentBlock = newBlock()
            visitBody(def.body)
            currentScope = savedScope
            currentBlock = savedBlock
            bind(def.name, .class(id), statement: id, target: nil, range: stmt.range, position: stmt.range.start)
        case .return(let value):
            if let value { visitExpr(value) }
        case .delete(let targets):
            for target in targets {
                if case .name(let name, _) = tree[target].kind {
                    mark(target)
                    bind(name, .deletion, statement: id, target: target, range: tree[target].range, position: stmt.range.end)
                } else {
                    visitExpr(target)
                }
            }
        case .assign(let targets, let value, _):
            visitExpr(value)
            for target in targets {
                bindTarget(target, value: value, statement: id, position: stmt.range.end) { .assignment(value: $0) }
            }
        case .typeAlias(let name, let params, let value):
            visitTypeParams(params)
            visitExpr(value)
            bindTarget(name, value: nil, statement: id, position: stmt.range.end) { _ in .assignment(value: nil) }
        case .augAssign(let target, let op, let value):
            visitExpr(value)
            if case .name(let name, _) = tree[target].kind {
                mark(target)
                uses.append((target, currentScope, currentBlock))
                bind(name, .augmentedAssignment(op: op, value: value), statement: id, target: target,
                     range: tree[target].range, position: stmt.range.end)
            } else {
                visitExpr(target)
            }
        case .annAssign(let target, let annotation, let value, _):
            visitExpr(annotation)
            if let value {
                visitExpr(value)
                bindTarget(target, value: value, statement: id, position: stmt.range.end) { .assignment(value: $0) }
            } else if case .name = tree[target].kind {
                mark(target)
            } else {
                visitExpr(target)
            }
        case .for(let target, let iter, let body, let orelse, _), .asyncFor(let target, let iter, let body, let orelse, _):
            visitExpr(iter)
            let saved = currentBlock
            currentBlock = newBlock()
            bindTarget(target, value: nil, statement: id, position: tree[target].range.end) { _ in .loopTarget(iterable: iter) }
            visitBody(body)
            currentBlock = saved
            inBlock(orelse)
        case .while(let test, let body, let orelse):
            visitExpr(test)
            inBlock(body)
            inBlock(orelse)
        case .if(let test, let body, let orelse):
            visitExpr(test)
            inBlock(body)
            inBlock(orelse)
        case .with(let items, let body, _), .asyncWith(let items, let body, _):
            for item in items {
                visitExpr(item.contextExpr)
                if let vars = item.optionalVars {
                    let context = item.contextExpr
                    bindTarget(vars, value: nil, statement: id, position: tree[vars].range.end) { _ in .withTarget(context: context) }
                }
            }
            // A with body runs whenever the statement does: same block.
            visitBody(body)
        case .match(let subject, let cases):
            visitExpr(subject)
            for matchCase in cases {
                let saved = currentBlock
                currentBlock = newBlock()
                visitPattern(matchCase.pattern, statement: id)
                if let guardExpr = matchCase.guardExpr { visitExpr(guardExpr) }
                visitBody(matchCase.body)
                currentBlock = saved
            }
        case .raise(let exc, let cause):
            if let exc { visitExpr(exc) }
            if let cause { visitExpr(cause) }
        case .try(let body, let handlers, let orelse, let finalbody), .tryStar(let body, let handlers, let orelse, let finalbody):
            // `try: x = parse(x) except Error: return bad_request()`: when every handler leaves,
            // code after the statement runs only once the body has run to its end, so the
            // body's bindings replace the earlier ones there (same block).
            if !handlers.isEmpty, handlers.allSatisfy({ leaves($0.body) }) { visitBody(body) } else { inBlock(body) }
            for handler in handlers {
                if let type = handler.type { visitExpr(type) }
                let saved = currentBlock
                currentBlock = newBlock()
                if let name = handler.name {
                    bind(name, .exceptionHandler(type: handler.type), statement: id, target: nil, range: handler.range, position: handler.range.start)
                }
                visitBody(handler.body)
                currentBlock = saved
            }
            inBlock(orelse)
            visitBody(finalbody)
        case .assert(let test, let msg):
            visitExpr(test)
            if let msg { visitExpr(msg) }
        case .import(let names):
            for alias in names {
                if let asname = alias.asname {
                    bind(asname, .imported(qualifiedName: alias.name), statement: id, target: nil, range: alias.range, position: stmt.range.end)
                } else {
                    let top = String(alias.name.split(separator: ".").first ?? Substring(alias.name))
                    bind(top, .imported(qualifiedName: top), statement: id, target: nil, range: alias.range, position: stmt.range.end)
                }
            }
        case .importFrom(let module, let names, let level):
            let base = ModuleName.resolveRelative(module: module, level: Int(level), current: moduleName, isPackage: isPackage)
                ?? (module ?? "")
            for alias in names {
                if alias.name == "*" {
                    if currentScope == 0 { starImports.append(base) }
                    continue
                }
                let qualified = base.isEmpty ? alias.name : base + "." + alias.name
                bind(alias.asname ?? alias.name, .imported(qualifiedName: qualified), statement: id, target: nil,
                     range: alias.range, position: stmt.range.end)
            }
        case .global(let names):
            for name in names { scopes[Int(currentScope)].globalNames.insert(name) }
        case .nonlocal(let names):
            for name in names { scopes[Int(currentScope)].nonlocalNames.insert(name) }
        case .expr(let value):
            visitExpr(value)
        case .pass, .break, .continue:
            break
        }
    }

    private mutating func visitTypeParams(_ params: [TypeParam]) {
        for param in params {
            if case .typeVar(let bound?) = param.kind { visitExpr(bound) }
            if let value = param.defaultValue { visitExpr(value) }
        }
    }

    private mutating func bindParameters(_ args: ArgumentsID, owner: Int32, position: Int32) {
        for (index, arg) in tree.parameters(of: args).enumerated() {
            bind(arg.arg, .parameter(index: index, owner: ScopeID(owner)), statement: nil, target: nil, range: arg.range, position: position)
        }
    }

    private mutating func visitPattern(_ id: PatternID, statement: StmtID) {
        let index = Int(id.index)
        guard index >= 0, index < tree.patterns.count else { return }
        let pattern = tree[id]
        let position = pattern.range.start
        switch pattern.kind {
        case .matchValue(let value): visitExpr(value)
        case .matchSingleton: break
        case .matchSequence(let patterns): patterns.forEach { visitPattern($0, statement: statement) }
        case .matchMapping(let keys, let patterns, let rest):
            keys.forEach { visitExpr($0) }
            patterns.forEach { visitPattern($0, statement: statement) }
            if let rest { bind(rest, .matchCapture, statement: statement, target: nil, range: pattern.range, position: position) }
        case .matchClass(let cls, let patterns, _, let kwdPatterns):
            visitExpr(cls)
            (patterns + kwdPatterns).forEach { visitPattern($0, statement: statement) }
        case .matchStar(let name):
            if let name { bind(name, .matchCapture, statement: statement, target: nil, range: pattern.range, position: position) }
        case .matchAs(let inner, let name):
            if let inner { visitPattern(inner, statement: statement) }
            if let name { bind(name, .matchCapture, statement: statement, target: nil, range: pattern.range, position: position) }
        case .matchOr(let patterns): patterns.forEach { visitPattern($0, statement: statement) }
        }
    }

    // MARK: Expressions

    private mutating func visitExpr(_ id: ExprID) {
        let index = Int(id.index)
        guard index >= 0, index < exprScopes.count, exprScopes[index] < 0 else { return }
        guard depth < 400 else { return }
        depth += 1
        defer { depth -= 1 }
        mark(id)
        let expr = tree[id]
        switch expr.kind {
        case .name(_, let ctx):
            if ctx == .load { uses.append((id, currentScope, currentBlock)) }
        case .namedExpr(let target, let value):
            visitExpr(value)
            // PEP 572: the target binds in the nearest enclosing non-comprehension scope.
            var scope = currentScope
            while scopes[Int(scope)].kind == .comprehension, let parent = scopes[Int(scope)].parent { scope = parent.index }
            if case .name(let name, _) = tree[target].kind {
                mark(target)
                bind(name, .assignment(value: value), statement: nil, target: target, range: tree[target].range,
                     position: expr.range.end, scope: scope)
            }
        case .lambda(let args, let body):
            tree.defaults(of: args).forEach { visitExpr($0) }
            let saved = currentScope
            currentScope = openScope(.lambda, name: "<lambda>", node: .expression(id))
            bindParameters(args, owner: currentScope, position: expr.range.start)
            visitExpr(body)
            currentScope = saved
        case .listComp(let elt, let generators):
            visitComprehension(id, name: "<listcomp>", elements: [elt], generators: generators)
        case .setComp(let elt, let generators):
            visitComprehension(id, name: "<setcomp>", elements: [elt], generators: generators)
        case .generatorExp(let elt, let generators):
            visitComprehension(id, name: "<genexpr>", elements: [elt], generators: generators)
        case .dictComp(let key, let value, let generators):
            visitComprehension(id, name: "<dictcomp>", elements: [key, value], generators: generators)
        default:
            for child in tree.childExprs(of: id) { visitExpr(child) }
        }
    }

    private mutating func visitComprehension(_ id: ExprID, name: String, elements: [ExprID], generators: [Comprehension]) {
        // The first iterable is evaluated in the enclosing scope.
        if let first = generators.first { visitExpr(first.iter) }
        let saved = currentScope
        currentScope = openScope(.comprehension, name: name, node: .expression(id))
        for (index, generator) in generators.enumerated() {
            if index > 0 { visitExpr(generator.iter) }
            let iter = generator.iter
            // Its loops run before its element is computed, though the element is written
            // first: the targets are in place from the comprehension's start, for every use in it.
            bindTarget(generator.target, value: nil, statement: nil, position: tree[id].range.start) { _ in .loopTarget(iterable: iter) }
            generator.ifs.forEach { visitExpr($0) }
        }
        elements.forEach { visitExpr($0) }
        currentScope = saved
    }

    // MARK: Resolution

    private func isAncestorOrSelf(_ block: Int32, of other: Int32) -> Bool {
        var current = other
        var steps = 0
        while current >= 0, steps < 100_000 {
            if current == block { return true }
            current = blockParents[Int(current)]
            steps += 1
        }
        return false
    }

    /// The scope a loaded name resolves to, or nil (builtin / unbound).
    private func definingScope(of name: String, from scope: Int32) -> Int32? {
        let start = scopes[Int(scope)]
        if start.globalNames.contains(name) { return scopes[0].symbols[name] != nil ? 0 : nil }
        var current: Int32? = scope
        var first = true
        while let s = current {
            let sc = scopes[Int(s)]
            if sc.symbols[name] != nil, first || sc.kind != .class { return s }
            first = false
            current = sc.parent?.index
        }
        return nil
    }

    private mutating func resolveUses() {
        for use in uses {
            guard case .name(let name, _) = tree[use.expr].kind else { continue }
            guard let defining = definingScope(of: name, from: use.scope) else {
                unboundUses[Int(use.expr.index)] = true
                continue
            }
            let candidates = scopes[Int(defining)].symbols[name] ?? []
            // Comprehensions run inline, so a use inside one is positioned like its enclosing code.
            var inline = true
            var s = use.scope
            while s != defining {
                if scopes[Int(s)].kind != .comprehension { inline = false; break }
                guard let parent = scopes[Int(s)].parent else { inline = false; break }
                s = parent.index
            }
            if !inline {
                useDefs[Int(use.expr.index)] = candidates
                continue
            }
            let position = tree[use.expr].range.start
            var reaching: [BindingID] = []
            for candidate in candidates.reversed() {
                let binding = bindings[Int(candidate.index)]
                guard binding.position <= position, binding.target != use.expr else { continue }
                reaching.append(candidate)
                if binding.block >= 0, isAncestorOrSelf(binding.block, of: use.block) { break }
            }
            useDefs[Int(use.expr.index)] = reaching.reversed()
        }
    }
}
