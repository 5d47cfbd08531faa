import Dataflow
import Findings
import PythonSemantics
import PythonSyntax

/// B608: SQL built by string formatting and passed to a database call.
enum SQLStringBuilding {
    static let descriptor = RuleDoc.descriptor(
        id: "TL-B608", name: "sql-string-building", summary: "SQL query built from strings",
        severity: .high, confidence: .medium, owasp: .a03, cwe: 89, bandit: "B608", ruff: "S608",
        what: "Finds queries passed to `execute`, `executemany`, `executescript`, `raw`, `sqlalchemy.text`, `pandas.read_sql*` and similar that are built with f-strings, `%`, `.format`, `.replace` or `+` from values that are not constants, when the known text really is SQL (`SELECT … FROM`, `INSERT INTO`, `UPDATE … SET`, `DELETE FROM`, …). The query is followed through a local variable. A query built that way and returned, or stored in a variable that reaches no database call in the module (a helper that builds SQL for its caller), is reported where it is built, at low confidence, when its text starts as SQL does (`SELECT`/`select`, not the `Select` of a message).",
        why: "Values pasted into SQL text are parsed as SQL: a quote in the input ends the literal and the rest runs as part of the query (SQL injection).",
        example: "cursor.execute(f\"SELECT * FROM users WHERE name = '{name}'\")",
        useInstead: "cursor.execute(\"SELECT * FROM users WHERE name = %s\", (name,))",
        references: [RuleDoc.bandit("plugins/b608_hardcoded_sql_expressions.html"), "https://owasp.org/www-community/attacks/SQL_Injection"])

    static let rule = Rule(descriptor, on: [.call, .assign, .annAssign, .return], examples: [
        RuleExample("""
        import sqlalchemy
        def find(cursor, name, table, session):
            cursor.execute(f"SELECT * FROM users WHERE name = '{name}'")  # error: TL-B608
            query = "DELETE FROM %s WHERE id = 1" % table
            cursor.execute(query)  # error: TL-B608
            cursor.executemany("INSERT INTO t (a) VALUES (" + name + ")", [])  # error: TL-B608
            session.execute(sqlalchemy.text("UPDATE t SET a = {}".format(name)))  # error: TL-B608
        async def load(conn, engine, uid):
            row = await conn.fetchrow(f"SELECT * FROM users WHERE id = {uid}")  # error: TL-B608
            engine.connect().exec_driver_sql("DELETE FROM t WHERE id = " + uid)  # error: TL-B608
        """),
        RuleExample("""
        def user_query(name):
            return "SELECT * FROM users WHERE name = '%s'" % name  # error: TL-B608
        def delete_query(table):
            query = (
                f"DELETE FROM {table} "  # error: TL-B608
                "WHERE expired = 1"
            )
            return query
        REPORT = "select {} from events".format(COLUMNS)  # error: TL-B608
        def recent(cursor, day):
            cursor.execute("SELECT * FROM logs WHERE day = '[DAY]'".replace("[DAY]", day))  # error: TL-B608
            sql = "DELETE FROM logs WHERE day = '[DAY]'".replace("[DAY]", day)
            cursor.execute(sql)  # error: TL-B608
            q = "WITH t AS (SELECT id FROM logs) SELECT id FROM t WHERE day = '%s'" % day  # error: TL-B608
            return q
        """),
        RuleExample("""
        TABLE = "users"
        def purge(cursor, day):
            columns = ["id", "name"]
            cursor.execute("SELECT %s FROM users" % ", ".join(columns))
            for table in ("sessions", "tokens"):
                cursor.execute("DELETE FROM " + table + " WHERE day < %s", (day,))
        def find(cursor, name):
            cursor.execute("SELECT * FROM users WHERE name = %s", (name,))
            cursor.execute(f"SELECT * FROM {TABLE}")
            cursor.execute(f"select the {name} option")
            logger.info(f"SELECT * FROM users WHERE name = {name}")
            session.query(User).filter(User.name == name)
            client.fetch(f"https://example.com/{name}")
        def run(cursor, name):
            query = "SELECT * FROM users WHERE name = '%s'" % name
            cursor.execute(query)  # error: TL-B608
        def columns(cursor, extra):
            wanted = ["id"]
            wanted.append(extra)
            cursor.execute("SELECT %s FROM users" % ", ".join(wanted))  # error: TL-B608
        """),
        RuleExample("""
        TABLE = "users"
        def messages(path, name):
            q = f"SELECT * FROM {TABLE} WHERE id = %s"
            hint = f"Select a file from {path}"
            err = "Cannot update %s: set a value first" % name
            note = "With a value as shown, select it from the menu: %s" % name
            clean = "SELECT * FROM users WHERE id = '[ID]'".replace("[ID]", "1")
            return f"Selected {name} from the list"
        """),
        // Identifiers the program or the database chose, quoted, with the values bound.
        RuleExample("""
        from django.db import connection

        def count_rows(model, table, limit):
            qn = connection.ops.quote_name
            with connection.cursor() as cursor:
                cursor.execute("SELECT COUNT(*) FROM %s WHERE id > %%s" % qn(table), [10])
                cursor.execute("SELECT * FROM %s LIMIT %s" % (model._meta.db_table, int(limit)))
                cursor.execute("SELECT %s FROM t" % ", ".join(qn(c) for c in model.columns))
                for name in connection.introspection.table_names():
                    cursor.execute("SELECT COUNT(*) FROM %s" % connection.ops.quote_name(name))
                return cursor.execute("SELECT * FROM %s WHERE a = '%s'" % (qn(table), model.name))  # error: TL-B608

        def escape_sqlite(name):
            return "[{}]".format(name.replace("]", "]]"))

        def bulk_update(model, pks, column, value):
            sql = 'UPDATE "{}" SET {} = %s WHERE "{}" IN ({})'.format(
                model._meta.db_table, escape_sqlite(column), model._meta.pk.column, ", ".join(["%s"] * len(pks)))
            connection.cursor().execute(sql, [value] + list(pks))
        """),
        // Django's quote_name does not escape a quote inside the name: request data still counts.
        RuleExample("""
        from django.db import connection
        from django.http import HttpResponse

        def report(request):
            with connection.cursor() as cursor:
                cursor.execute("SELECT * FROM %s" % connection.ops.quote_name(request.GET["table"]))  # error: TL-B608
                return HttpResponse(str(cursor.fetchall()))
        """),
        // The whole query, or a fragment of one, from the request; GraphQL is another language.
        RuleExample("""
        import sqlite3
        import graphene
        import sqlalchemy
        from flask import Flask, request
        app = Flask(__name__)
        db = sqlite3.connect("app.db")
        schema = graphene.Schema(query=Query)

        @app.route("/q", methods=["POST"])
        def q():
            sql = request.form["sql"]
            db.execute(sql)  # error: TL-B608
            clause = sqlalchemy.text("name = '{}'".format(request.args["name"]))  # error: TL-B608
            schema.execute(request.form["query"])
            return str(db.execute("SELECT 1").fetchall())

        @app.route("/pg")
        async def pg():
            import asyncpg
            conn = await asyncpg.connect()
            statement = await conn.prepare(request.args["sql"])  # error: TL-B608
            return str(await statement.fetch())
        """),
        // SQLAlchemy Query clauses given as text: fragments built from the request.
        RuleExample("""
        from flask import Flask, request
        from models import User, session
        import sqlalchemy
        app = Flask(__name__)

        @app.route("/users")
        def users():
            param = request.args["q"]
            query = session.query(User)
            a = query.distinct("foo={}".format(param))  # error: TL-B608
            b = query.group_by("name").having("count(*) > {}".format(param))  # error: TL-B608
            c = query.order_by(request.args["sort"]).filter(User.name == param)
            return str(a.all() + b.all() + c.all())
        """),
        // Built right in the call of a wrapper the module does not know as a database call.
        RuleExample("""
        import logging
        import sys

        def lookup(db):
            run_query("SELECT * FROM t WHERE id = %s" % sys.argv[1])  # error: TL-B608
            db.run_query("SELECT * FROM t WHERE id = " + sys.argv[1])  # error: TL-B608
            logging.info("SELECT * FROM t WHERE id = %s" % sys.argv[1])
            print("SELECT * FROM t WHERE id = " + sys.argv[1])
            run_query("SELECT * FROM t WHERE id = %s", (sys.argv[1],))
            return run_query("SELECT * FROM %s" % "users")
        """),
    ], check: { check($0, $1) })

    /// The database call a call is (a row of `SinkCatalog.sql`), and the query it runs.
    static func sinkQuery(_ call: CallInfo, _ context: RuleContext) -> (sink: String, query: ExprID)? {
        guard let sink = context.sinks(call, .sql).first else { return nil }
        return (sink.callee, sink.argument)
    }

    /// A query-builder clause given as text (`query.filter("...")`): a fragment, never a statement.
    static func isClause(_ call: CallInfo, _ context: RuleContext) -> Bool {
        context.sinks(call, .sql).first?.model.role == "clause"
    }

    static func check(_ node: Node, _ context: RuleContext) -> [Finding] {
        if case .statement(let stmt) = node { return checkBuilt(stmt, context) }
        guard let call = context.call(node) else { return [] }
        guard let found = sinkQuery(call, context) else { return builtAsArgument(call, context) }
        let (sink, query) = found
        // sqlalchemy.text(...) nested in execute(...) is reported once, at the inner call.
        if case .call = context.tree[query].kind, let inner = context.call(query)?.name, SinkCatalog.lists(inner, kind: .sql) { return [] }
        let shape = queryParts(query, context)
        // The whole query from the request (`db.execute(request.args["sql"])`), or a fragment
        // that reads as no statement of its own (`text("name = '%s'" % name)`, an `ORDER BY`
        // clause): reported when request data reaches it, since nothing else says it is SQL.
        if shape.holes == [query] || (!shape.holes.isEmpty && !looksLikeSQL(shape.text)) {
            // A clause is reported as a fragment built from the request, not as a whole value.
            if shape.holes == [query], isClause(call, context) { return [] }
            return wholeOrFragment(call, sink: sink, query: query, context)
        }
        guard !shape.holes.isEmpty, looksLikeSQL(shape.text) else { return [] }
        // Holes that can only be the program's own text (`", ".join(COLUMNS)` of a literal list,
        // a loop over literal table names) do not change the query's shape.
        if shape.holes.allSatisfy({ context.isProgramText($0) }) { return [] }
        let holes = shape.holes.prefix(3).map { "`\(context.text($0, limit: 30))`" }.joined(separator: ", ")
        // When a hole carries request data, say where from and show the request that exploits it.
        let origin = shape.holes.lazy.compactMap { Taint.isRequestDerived($0, context, kind: .sql) ?? quotedRequestData($0, context) }.first
        // With no request data in them, quoted identifiers, numbers and the database's own
        // metadata (`quote_name(table)`, `int(limit)`, `Model._meta.db_table`) are the
        // program's choices, with the values bound as parameters.
        if origin == nil, shape.holes.allSatisfy({ context.isProgramText($0) || isIdentifierOrNumber($0, context) }) { return [] }
        let source = origin.map { " (`\($0.text(context))` comes from the \($0.requestField))" } ?? ""
        return [context.finding(descriptor, at: call.id,
                                description: "The SQL passed to `\(sink)` is built from \(holes)\(source), pasted into the query text: a quote in them rewrites the query.",
                                remediation: "Keep the SQL constant and pass the values as parameters (`%s`/`?`/`:name` placeholders and a parameter tuple or dict); for identifiers such as table names, choose from an allow-list.",
                                fix: "cursor.execute(\"... WHERE name = %s\", (value,))",
                                // The query's shape alone, with no request data seen in it: Medium.
                                severity: origin == nil ? .medium : nil, confidence: origin == nil ? nil : .high,
                                flow: origin, proofOfConcept: origin?.proofOfConcept(payload: "' OR '1'='1' -- ", context),
                                properties: builtAt(query, context))]
    }

    /// `sql = "... %s" % x` then `execute(sql)`: the line the query was built on, where bandit
    /// reports it and where a `# nosec` for it sits (`Finding.builtAtLineProperty`).
    static func builtAt(_ query: ExprID, _ context: RuleContext) -> [String: String] {
        guard case .name = context.tree[query].kind else { return [:] }
        let defs = context.model.reachingBindings(of: query)
        guard defs.count == 1, case .assignment = context.model[defs[0]].kind, let stmt = context.model[defs[0]].statement else { return [:] }
        let line = Int(context.tree[stmt].range.lineno)
        return line == Int(context.tree[query].range.lineno) ? [:] : [Finding.builtAtLineProperty: String(line)]
    }

    /// Receivers whose `execute` runs another query language (GraphQL schemas).
    static let otherQueryLanguages = ["graphene.", "strawberry.", "graphql.", "ariadne.", "gql."]

    /// A query, or a piece of one, that is request data as a whole.
    static func wholeOrFragment(_ call: CallInfo, sink: String, query: ExprID, _ context: RuleContext) -> [Finding] {
        if case .attribute(let receiver, _, _) = context.tree[call.function].kind, let made = context.model.constructorName(of: receiver),
           otherQueryLanguages.contains(where: { made.hasPrefix($0) }) { return [] }
        guard let origin = Taint.isRequestDerived(query, context, kind: .sql) ?? quotedRequestData(query, context) else { return [] }
        let whole = context.model.stringShape(of: query).holes == [query]
        let what = whole ? "the SQL it runs is `\(context.text(query, limit: 40))`, which" : "the SQL text `\(context.text(query, limit: 50))`"
        return [context.finding(descriptor, at: call.id,
                                description: "`\(sink)`: \(what) carries `\(origin.text(context))` (\(origin.requestField)): the client writes \(whole ? "the query" : "part of the query").",
                                remediation: "Never run SQL text the client sends. Keep the query constant and pass values as parameters; for a choice such as a sort column, map the client's value to one of a fixed set of column names.",
                                fix: "cursor.execute(\"... WHERE name = %s\", (value,))",
                                confidence: .high,
                                flow: origin, proofOfConcept: origin.proofOfConcept(payload: whole ? "SELECT * FROM users" : "1=1) OR (1=1", context))]
    }

    /// Functions that quote an SQL identifier (Django's `connection.ops.quote_name`, SQLAlchemy's
    /// `identifier_preparer.quote`, psycopg's `quote_ident`).
    static let identifierQuoting: Set<String> = ["quote_name", "quote_ident", "quote_identifier", "quote_table_name", "quote_column_name",
                                                 "format_table", "format_column"]
    /// Attributes naming a model's table or column, which the program declares.
    static let schemaAttributes: Set<String> = ["db_table", "__tablename__", "db_column", "column", "attname", "table_name", "fullname"]
    /// Methods listing the database's own tables and columns.
    static let metadataMethods: Set<String> = ["table_names", "get_table_list", "get_table_names", "get_columns", "get_view_names",
                                               "sequence_list", "get_relations"]

    /// Quoting that wraps a name in quotes without escaping the quotes inside it (Django's
    /// `quote_name` and its peers): a name from the request still breaks out.
    static let nonEscapingQuoting: Set<String> = ["quote_name", "quote_table_name", "quote_column_name"]

    /// The request data in the name a non-escaping quoting call quotes.
    static func quotedRequestData(_ expr: ExprID, _ context: RuleContext) -> RequestOrigin? {
        guard case .call(var function, let args, _) = context.tree[expr].kind, let name = args.first else { return nil }
        if case .name = context.tree[function].kind, let bound = context.model.assignedValue(of: function) { function = bound }
        guard case .attribute(_, let method, _) = context.tree[function].kind, nonEscapingQuoting.contains(method) else { return nil }
        return Taint.isRequestDerived(name, context, kind: .sql)
    }

    /// A hole that is an identifier the program or the database chose, or a number.
    static func isIdentifierOrNumber(_ expr: ExprID, _ context: RuleContext, depth: Int = 0) -> Bool {
        guard depth < 6 else { return false }
        let tree = context.tree
        switch tree[expr].kind {
        case .call(let function, let args, _):
            if let name = context.call(expr)?.name, Sanitizers.table[name]?.contains(.sql) == true { return true }
            var callee = function
            // `qn = connection.ops.quote_name` then `qn(table)`.
            if case .name = tree[function].kind, let bound = context.model.assignedValue(of: function) { callee = bound }
            // A project function named for escaping or quoting (`escape_sqlite(column)`,
            // `quote_identifier(name)`), given nothing from the request.
            if let call = context.call(expr), let (target, _, _) = ProjectTaint.callee(call, context),
               let last = target.split(separator: ".").last?.lowercased(), last.contains("escape") || last.contains("quote"),
               !args.contains(where: { Taint.isRequestDerived($0, context, kind: .sql) != nil }) { return true }
            if case .attribute(let receiver, let method, _) = tree[callee].kind {
                if identifierQuoting.contains(method) { return quotedRequestData(expr, context) == nil }
                if method == "quote", (tree.dottedName(receiver) ?? "").hasSuffix("preparer") { return true }
                if method == "join", args.count == 1, let base = context.string(receiver), base.allSatisfy({ ", ".contains($0) }) {
                    return isIdentifierOrNumber(args[0], context, depth: depth + 1)
                }
            }
            return false
        case .attribute(let base, let attr, _):
            if schemaAttributes.contains(attr) { return true }
            // `model._meta.pk.column`: read out of a model's declared schema.
            var owner = base
            for _ in 0..<4 {
                guard case .attribute(let inner, let name, _) = tree[owner].kind else { break }
                if Taint.schemaAttributes.contains(name) { return true }
                owner = inner
            }
            return false
        case .binOp(let left, .mult, let right):
            // `["%s"] * len(pks)`: placeholders, as many as there are values.
            return context.isProgramText(left) && (context.int(right) != nil || isIdentifierOrNumber(right, context, depth: depth + 1)
                                                   || context.call(right)?.name == "builtins.len")
        case .tuple(let elts, _):
            return elts.allSatisfy { isIdentifierOrNumber($0, context, depth: depth + 1) || context.isProgramText($0) }
        case .listComp(let element, _), .generatorExp(let element, _):
            return isIdentifierOrNumber(element, context, depth: depth + 1)
        case .name:
            let bindings = context.model.reachingBindings(of: expr)
            return !bindings.isEmpty && bindings.allSatisfy { binding in
                switch context.model[binding].kind {
                case .assignment(let value?): return isIdentifierOrNumber(value, context, depth: depth + 1)
                case .loopTarget(let iterable):
                    guard case .call(let function, _, _) = tree[iterable].kind, case .attribute(_, let method, _) = tree[function].kind else { return false }
                    return metadataMethods.contains(method)
                default: return false
                }
            }
        default:
            return false
        }
    }

    /// A query built from run-time values right in the call of a function that is no known
    /// database call (`run_query("SELECT ... %s" % arg)`, a wrapper around a cursor): reported at
    /// the argument, at low confidence, as a stored query is (`checkBuilt`).
    static func builtAsArgument(_ call: CallInfo, _ context: RuleContext) -> [Finding] {
        // Not a call that builds text itself (`"...".format(...)`, `"sep".join(...)`), nor logging or printing.
        if case .attribute(_, let method, _) = context.tree[call.function].kind, ["format", "join", "replace"].contains(method) { return [] }
        if !context.sinks(call, .log).isEmpty || call.name.map({ $0.hasPrefix("builtins.") }) == true { return [] }
        for argument in call.args where isStringBuilding(argument, context) {
            let shape = queryParts(argument, context)
            guard !shape.holes.isEmpty, startsLikeSQL(shape.text),
                  !shape.holes.allSatisfy({ context.isProgramText($0) || isIdentifierOrNumber($0, context) }) else { continue }
            let holes = shape.holes.prefix(3).map { "`\(context.text($0, limit: 30))`" }.joined(separator: ", ")
            return [context.finding(descriptor, at: argument,
                                    description: "SQL text is built from \(holes) by string formatting and passed to `\(context.text(call.function, limit: 30))`; if it runs it as a query, a quote in them rewrites it.",
                                    remediation: "Keep the SQL constant and pass the values as parameters (`%s`/`?`/`:name` placeholders) for the database call to bind; for identifiers such as table names, choose from an allow-list.",
                                    severity: .medium, confidence: .low)]
        }
        return []
    }

    /// A query built from run-time values and stored or returned (a helper that builds SQL for a
    /// caller to run): reported where it is built, at low confidence, unless the variable it is
    /// stored in reaches a database call in this module (reported there, with the call).
    static func checkBuilt(_ stmt: StmtID, _ context: RuleContext) -> [Finding] {
        let value: ExprID
        var targets: [ExprID] = []
        switch context.tree[stmt].kind {
        case .assign(let t, let v, _): value = v; targets = t
        case .annAssign(let t, _, let v?, _): value = v; targets = [t]
        case .return(let v?): value = v
        default: return []
        }
        guard isStringBuilding(value, context) else { return [] }
        let shape = queryParts(value, context)
        guard !shape.holes.isEmpty, startsLikeSQL(shape.text) else { return [] }
        if shape.holes.allSatisfy({ context.isProgramText($0) || isIdentifierOrNumber($0, context) }) { return [] }
        if targets.contains(where: { reachesSink($0, context) }) { return [] }
        let holes = shape.holes.prefix(3).map { "`\(context.text($0, limit: 30))`" }.joined(separator: ", ")
        return [context.finding(descriptor, at: value,
                                description: "SQL text is built from \(holes) by string formatting; if it is run as a query, a quote in them rewrites it.",
                                remediation: "Keep the SQL constant and have the caller pass the values as parameters (`%s`/`?`/`:name` placeholders); for identifiers such as table names, choose from an allow-list.",
                                severity: .medium, confidence: .low)]
    }

    /// The known text of a query and the run-time values pasted into it. Beyond what the model
    /// folds, `"... '[VALUE]'".replace("[VALUE]", x)` pastes `x` into the text.
    static func queryParts(_ expr: ExprID, _ context: RuleContext, depth: Int = 0) -> (text: String, holes: [ExprID]) {
        if depth < 8, case .call(let function, let args, _) = context.tree[expr].kind, args.count >= 2,
           case .attribute(let receiver, "replace", _) = context.tree[function].kind {
            let inner = queryParts(receiver, context, depth: depth + 1)
            return (inner.text, inner.holes + context.model.stringShape(of: args[1]).holes)
        }
        // A local assigned once from such a `.replace(...)`, which the model's folding does not see into.
        if depth < 8, case .name = context.tree[expr].kind, case let bindings = context.model.reachingBindings(of: expr), bindings.count == 1,
           let stmt = context.model[bindings[0]].statement, case .assign(let targets, let value, _) = context.tree[stmt].kind, targets.count == 1,
           case .call(let function, _, _) = context.tree[value].kind, case .attribute(_, "replace", _) = context.tree[function].kind {
            return queryParts(value, context, depth: depth + 1)
        }
        let shape = context.model.stringShape(of: expr)
        return (shape.text(placeholder: " x "), shape.holes)
    }

    /// An f-string, `%`, `+`, `.format(...)` or `.replace(...)` expression: text built at run time.
    static func isStringBuilding(_ expr: ExprID, _ context: RuleContext) -> Bool {
        switch context.tree[expr].kind {
        case .joinedStr: return true
        case .binOp(_, let op, _): return op == .mod || op == .add
        case .call(let function, _, _):
            if case .attribute(_, let method, _) = context.tree[function].kind { return method == "format" || method == "replace" }
            return false
        default: return false
        }
    }

    /// Does a variable this target writes reach the query argument of a database call?
    static func reachesSink(_ target: ExprID, _ context: RuleContext) -> Bool {
        guard case .name(let name, _) = context.tree[target].kind, let scope = context.model.scope(of: target),
              let binding = context.model.bindings(named: name, in: scope).first(where: { context.model[$0].target == target }) else { return false }
        for index in context.tree.exprs.indices {
            let id = ExprID(Int32(index))
            guard case .call = context.tree[id].kind, let call = context.call(id), let query = sinkQuery(call, context)?.query else { continue }
            if case .name = context.tree[query].kind, context.model.reachingBindings(of: query).contains(binding) { return true }
        }
        return false
    }

    /// Stricter than `looksLikeSQL`, for text that is not seen reaching a database call: the
    /// statement keyword comes first and is written as SQL is (`SELECT`/`select`, not the
    /// `Select` of a message).
    static func startsLikeSQL(_ text: String) -> Bool {
        let words = text.split(whereSeparator: { !($0.isLetter || $0 == "_" || $0 == "*") }).map(String.init)
        guard let first = words.first, first == first.uppercased() || first == first.lowercased() else { return false }
        let rest = words.dropFirst().map { $0.lowercased() }
        switch first.lowercased() {
        case "select": return rest.contains("from")
        case "insert", "replace": return rest.contains("into") || rest.contains("values")
        case "delete": return rest.first == "from"
        case "update": return rest.contains("set") && rest.count >= 3
        case "with": return rest.contains("as") && rest.contains("select")
        default: return false
        }
    }

    /// Does the known text of a query read as SQL?
    static func looksLikeSQL(_ text: String) -> Bool {
        let words = text.lowercased().split(whereSeparator: { !($0.isLetter || $0 == "_" || $0 == "*") }).map(String.init)
        func has(_ a: String, then b: String) -> Bool {
            guard let i = words.firstIndex(of: a) else { return false }
            return words[(i + 1)...].contains(b)
        }
        guard let first = words.first else { return false }
        if has("select", then: "from") { return true }
        if has("insert", then: "into") || has("delete", then: "from") || has("update", then: "set") { return true }
        if ["create", "drop", "alter", "truncate"].contains(first), words.count > 1, ["table", "index", "view", "database"].contains(words[1]) { return true }
        return false
    }
}
