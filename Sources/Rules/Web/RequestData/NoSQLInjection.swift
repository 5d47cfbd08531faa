import Dataflow
import Findings
import PythonSemantics
import PythonSyntax

/// NoSQL (MongoDB operator) injection: a query document taken from request JSON.
enum NoSQLInjection {
    static let descriptor = RuleDoc.descriptor(
        id: "TL-WEB-NOSQL-INJECTION", name: "nosql-injection", summary: "MongoDB query built from request JSON",
        severity: .high, confidence: .medium, owasp: .a03, cwe: 943,
        what: "Finds PyMongo/Motor collection calls (`find`, `find_one`, `update_one`, `delete_many`, `aggregate`, `count_documents`, …) whose filter is a parsed JSON document from the request (`request.json`, `request.get_json()`, `await request.json()`, `json.loads(request.body)`, a FastAPI `dict` body), or a dict literal one of whose values is, without a `str()`/`int()` coercion; and `$where` clauses built from any request data.",
        why: "JSON lets the client send an object where a string was expected: `{\"user\": \"admin\", \"password\": {\"$ne\": null}}` turns an equality test into an operator and logs in without a password; a whole filter from the client reads or deletes any document. `$where` runs JavaScript on the server.",
        example: "data = request.get_json()\nusers.find_one({\"name\": data[\"name\"], \"password\": data[\"password\"]})",
        useInstead: "data = request.get_json()\nusers.find_one({\"name\": str(data[\"name\"]), \"password\": str(data[\"password\"])})",
        references: ["https://owasp.org/www-project-web-security-testing-guide/latest/4-Web_Application_Security_Testing/07-Input_Validation_Testing/05.6-Testing_for_NoSQL_Injection",
                     "https://www.mongodb.com/docs/manual/faq/fundamentals/#how-does-mongodb-address-sql-or-query-injection-"])

    static let rule = Rule(descriptor, on: [.call], examples: [
        RuleExample("""
        from flask import Flask, request
        from pymongo import MongoClient
        app = Flask(__name__)
        db = MongoClient().shop

        @app.route("/login", methods=["POST"])
        def login():
            data = request.get_json()
            user = db.users.find_one({"name": data["name"], "password": data["password"]})  # error: TL-WEB-NOSQL-INJECTION
            db.users.delete_many(request.json)  # error: TL-WEB-NOSQL-INJECTION
            query = {"owner": request.json.get("owner")}
            db.orders.find(query)  # error: TL-WEB-NOSQL-INJECTION
            db.users.find({"$where": "this.name == '" + request.args["n"] + "'"})  # error: TL-WEB-NOSQL-INJECTION
            body = {"body": "function() { return this.a === '" + request.args["a"] + "' }", "args": [], "lang": "js"}
            db.posts.find_one({"$expr": {"$function": body}})  # error: TL-WEB-NOSQL-INJECTION
            db.posts.map_reduce("function() { emit(this.a, '" + request.args["a"] + "') }", "function(k, v) { return 1 }", "out")  # error: TL-WEB-NOSQL-INJECTION
            db.posts.map_reduce("function() { emit(this.a, 1) }", "function(k, v) { return 1 }", request.args["out"])
            arguments = {"body": "function(a, b) { return a === b }", "args": ["$author", request.args["a"]], "lang": "js"}
            db.posts.find_one({"$expr": {"$function": arguments}})
            db.users.find_one({"name": {"$eq": data["name"]}})
            return {"ok": bool(user)}
        """),
        RuleExample("""
        import json
        from django.http import JsonResponse
        from pymongo import MongoClient
        collection = MongoClient().app.items

        def search(request):
            filters = json.loads(request.body)
            return JsonResponse(list(collection.find(filters)), safe=False)  # error: TL-WEB-NOSQL-INJECTION
        """),
        RuleExample("""
        from fastapi import FastAPI, Request
        from motor.motor_asyncio import AsyncIOMotorClient
        app = FastAPI()
        items = AsyncIOMotorClient().app.items

        @app.post("/search")
        async def search(request: Request):
            body = await request.json()
            return await items.find_one({"sku": body["sku"]})  # error: TL-WEB-NOSQL-INJECTION

        @app.post("/query")
        async def query(filters: dict):
            return await items.count_documents(filters)  # error: TL-WEB-NOSQL-INJECTION
        """),
        RuleExample("""
        from flask import Flask, request
        from pymongo import MongoClient
        app = Flask(__name__)
        db = MongoClient().shop

        @app.route("/login", methods=["POST"])
        def login():
            data = request.get_json()
            db.users.find_one({"name": str(data["name"]), "password": str(data["password"])})
            db.users.find_one({"age": int(data["age"])})
            db.users.find({"name": request.args.get("name")})
            db.users.find({"name": request.form["name"]})
            db.users.find({"active": True})
            name = data["name"]
            if not isinstance(name, str):
                return {"error": "bad name"}, 400
            text = "hello"
            text.find(data["x"])
            return {"ok": True}

        def internal(filters):
            return db.users.find(filters)
        """),
        RuleExample("""
        import json
        import mongoengine as me
        from flask import Flask, request
        app = Flask(__name__)

        class Movie(me.Document):
            title = me.StringField()

        @app.route("/m")
        def m():
            q = json.loads(request.args["q"])
            first = Movie.objects(__raw__=q).first()  # error: TL-WEB-NOSQL-INJECTION
            return str(first) + str(Movie.objects(title=str(request.args["t"])).first())
        """),
    ], check: { check($0, $1) })

    static func check(_ node: Node, _ context: RuleContext) -> [Finding] {
        guard let call = context.call(node) else { return [] }
        for sink in context.sinks(call, .nosql) {
            let argument = sink.argument
            let found: (RequestOrigin, How)?
            if sink.model.role == "javascript" {
                // `collection.map_reduce(map_js, reduce_js, out)`: code MongoDB runs.
                found = Taint.isRequestDerived(argument, context, kind: .nosql).map { ($0, .where) }
            } else {
                found = injected(argument, context, depth: 0)
            }
            guard let (origin, how) = found else { continue }
            if sink.model.role == "raw query" {
                // MongoEngine's raw query: `Movie.objects(__raw__=doc)`, `.filter(__raw__=doc)`.
                return [context.finding(descriptor, at: call.id,
                                        description: "`__raw__=\(context.text(argument, limit: 40))` passes `\(origin.text(context))`, a document from the \(origin.requestField), to MongoDB as the query itself: its operators (`$ne`, `$where`, `$regex`) are the client's.",
                                        remediation: "Build the query with MongoEngine's field lookups (`Movie.objects(title=str(value))`) from coerced, validated values; never pass a client document as `__raw__`.",
                                        fix: "Movie.objects(title=str(value))",
                                        flow: origin, proofOfConcept: origin.proofOfConcept(jsonBody: "{\"$where\": \"sleep(5000)\"}", context))]
            }
            let what = how == .where
                ? "server-side JavaScript (`$where`, `$function`, `$accumulator` or a map-reduce) built from `\(origin.text(context))`"
                : "`\(origin.text(context))`, a JSON document from the \(origin.requestField), where an object such as `{\"$ne\": null}` becomes a query operator"
            return [context.finding(descriptor, at: call.id,
                                    description: "The \(sink.model.role ?? "filter") of `\(sink.callee)(\(context.text(argument, limit: 40)))` contains \(what).",
                                    remediation: how == .where
                                        ? "Do not use `$where`; express the condition with query operators and pass the request value as a plain, coerced value (`str(value)`)."
                                        : "Coerce each request value to the type the field holds (`str(data[\"name\"])`, `int(...)`) or validate the body with a schema (pydantic, marshmallow) before building the query; never pass a client document as the filter.",
                                    fix: how == .where ? nil : "{\"name\": str(data[\"name\"])}",
                                    flow: origin, proofOfConcept: how == .where
                                        ? origin.proofOfConcept(payload: "' || '1'=='1", context)
                                        : documentProof(argument, origin, context) + "\n# the filter matches every document")]
        }
        return []
    }

    enum How { case document, `where` }
    /// Query operators whose value is JavaScript MongoDB runs: `$where`'s expression (all of
    /// it: nil), and the code members of `$function`'s and `$accumulator`'s documents (their
    /// `args` are data the code receives).
    static let javaScriptOperators: [String: Set<String>?] = [
        "$where": nil, "$function": ["body"], "$accumulator": ["init", "accumulate", "merge", "finalize"],
    ]
    /// Operators that take their operand literally.
    static let literalOperators: Set<String> = ["$eq", "$literal"]

    /// Request data in the code of a JavaScript operator's value: the members `codeKeys` names
    /// of a document written here (or bound once to a name), else the whole value.
    static func javaScript(_ value: ExprID, _ codeKeys: Set<String>?, _ context: RuleContext) -> RequestOrigin? {
        var document = value
        if case .name = context.tree[value].kind, let bound = context.model.assignedValue(of: value) { document = bound }
        guard let codeKeys, case .dict(let keys, let values) = context.tree[document].kind else {
            return Taint.isRequestDerived(value, context, kind: .nosql)
        }
        for (key, member) in zip(keys, values) {
            guard let key, let name = context.string(key), codeKeys.contains(name) else { continue }
            if let origin = Taint.isRequestDerived(member, context, kind: .nosql) { return origin }
        }
        return nil
    }

    /// The JSON body that turns the filter's request values into operators: each field the
    /// filter reads from the document (`data["password"]`) becomes `{"$ne": null}`.
    static func documentProof(_ filter: ExprID, _ origin: RequestOrigin, _ context: RuleContext) -> String {
        let tree = context.tree
        var fields: [String] = []
        if case .dict(_, let values) = tree[filter].kind, origin.directFieldName(context) == nil || origin.field == "parameter" {
            for value in values where Taint.isRequestDerived(value, context, mode: .structured, kind: .nosql) != nil {
                if case .subscript(_, let slice, _) = tree[value].kind, let key = context.string(slice) {
                    fields.append(key)
                } else if let call = context.call(value), case .attribute(_, "get", _) = tree[call.function].kind,
                          let key = call.argument(0).flatMap({ context.string($0) }) {
                    fields.append(key)
                }
            }
        }
        guard !fields.isEmpty, origin.field != "parameter" else {
            return origin.proofOfConcept(payload: "{\"$ne\": null}", context, jsonValue: true)
        }
        let body = "{" + fields.map { "\"\($0)\": {\"$ne\": null}" }.joined(separator: ", ") + "}"
        return origin.proofOfConcept(jsonBody: body, context)
    }

    /// The request origin of a query document: the document itself from request JSON, a dict
    /// literal with a JSON value, `$and`/`$or` lists of such, or a `$where` built from request data.
    static func injected(_ expr: ExprID, _ context: RuleContext, depth: Int) -> (RequestOrigin, How)? {
        guard depth < 8 else { return nil }
        if let origin = Taint.isRequestDerived(expr, context, mode: .structured, kind: .nosql) { return (origin, .document) }
        switch context.tree[expr].kind {
        case .name:
            let defs = context.model.reachingBindings(of: expr)
            for def in defs {
                if case .assignment(let value?) = context.model[def].kind, let found = injected(value, context, depth: depth + 1) { return found }
            }
            return nil
        case .dict(let keys, let values):
            for (index, value) in values.enumerated() {
                let key = index < keys.count ? keys[index].flatMap { context.string($0) } : nil
                if let key, let codeKeys = javaScriptOperators[key] {
                    if let origin = javaScript(value, codeKeys, context) { return (origin, .where) }
                    continue
                }
                // `{"$eq": value}`, `{"$literal": value}`: the value is compared as it is, an
                // object in it is no operator.
                if let key, literalOperators.contains(key) { continue }
                if let found = injected(value, context, depth: depth + 1) {
                    // A nested operator document (`{"$gt": json}`) is still a document.
                    return found
                }
            }
            return nil
        case .list(let elts, _), .tuple(let elts, _):
            for elt in elts { if let found = injected(elt, context, depth: depth + 1) { return found } }
            return nil
        default:
            return nil
        }
    }
}
