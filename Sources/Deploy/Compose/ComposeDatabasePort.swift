import Findings

/// A database's port published on every interface of the host.
enum ComposeDatabasePort {
    static let descriptor = DeployDoc.descriptor(
        id: "TL-DEPLOY-COMPOSE-DATABASE-PORT", name: "compose-database-port-on-all-interfaces", summary: "Database port published on all host interfaces",
        severity: .medium, confidence: .high, owasp: .a05, cwe: 1327, kind: .compose,
        what: "Finds `ports:` entries that publish a database's port on every interface of the host: no host IP (`\"5432:5432\"`, `\"5432\"`, which picks a random host port) or `0.0.0.0`/`::`. A port counts as a database's when the service's image is PostgreSQL, MySQL, MariaDB, MongoDB, Redis, Memcached, Elasticsearch/OpenSearch, CouchDB, Cassandra or ClickHouse, or when the container port is one of their standard ports (5432, 3306, 27017, 6379, 11211, 9200, 5984, 9042, 8123). `127.0.0.1:5432:5432` and `[::1]:5432:5432` are not reported, nor `expose:` (reachable only by other containers), nor a host IP given by a variable.",
        why: "Docker writes its own firewall rules for published ports, in front of the host's (`ufw` does not stop them): a database published on all interfaces is reachable from the network, often with the default or example password from the same file. Internet-wide scans find such databases within hours.",
        example: "services:\n  db:\n    image: postgres:16\n    ports:\n      - \"5432:5432\"",
        useInstead: "services:\n  db:\n    image: postgres:16\n    ports:\n      - \"127.0.0.1:5432:5432\"   # or no ports at all: other services reach db:5432",
        references: [DeployDoc.composeReference + "#ports", "https://docs.docker.com/engine/network/packet-filtering-firewalls/"],
        aliases: [])

    /// Image names (the last path part, before the tag) of databases, and their ports.
    static let images: [String: String] = ["postgres": "PostgreSQL", "postgresql": "PostgreSQL", "postgis": "PostgreSQL", "timescaledb": "PostgreSQL",
                                           "mysql": "MySQL", "mysql-server": "MySQL", "mariadb": "MariaDB", "percona": "MySQL",
                                           "mongo": "MongoDB", "mongodb": "MongoDB", "mongodb-community-server": "MongoDB",
                                           "redis": "Redis", "redis-stack": "Redis", "redis-stack-server": "Redis", "valkey": "Redis", "keydb": "Redis",
                                           "memcached": "Memcached", "elasticsearch": "Elasticsearch", "opensearch": "OpenSearch",
                                           "couchdb": "CouchDB", "cassandra": "Cassandra", "clickhouse-server": "ClickHouse"]
    static let ports: [Int: String] = [5432: "PostgreSQL", 3306: "MySQL", 27017: "MongoDB", 6379: "Redis", 11211: "Memcached",
                                       9200: "Elasticsearch", 5984: "CouchDB", 9042: "Cassandra", 8123: "ClickHouse"]

    static let rule = DeployRule(descriptor, examples: [
        DeployExample("""
        services:
          db:
            image: postgres:16-alpine
            ports:
              - "5432:5432" # error: TL-DEPLOY-COMPOSE-DATABASE-PORT
              - "0.0.0.0:15432:5432" # error: TL-DEPLOY-COMPOSE-DATABASE-PORT
          cache:
            image: redis:7
            ports:
              - 6379 # error: TL-DEPLOY-COMPOSE-DATABASE-PORT
          search:
            image: docker.elastic.co/elasticsearch/elasticsearch:8.14.0
            ports:
              - target: 9200 # error: TL-DEPLOY-COMPOSE-DATABASE-PORT
                published: 9200
          mystery:
            build: ./db
            ports:
              - "${DB_PORT}:3306" # error: TL-DEPLOY-COMPOSE-DATABASE-PORT
        """, path: "docker-compose.yml"),
        DeployExample("""
        services:
          db:
            image: postgres:16-alpine
            ports:
              - "127.0.0.1:5432:5432"
              - "[::1]:5433:5432"
              - "${BIND_ADDRESS:-127.0.0.1}:5434:5432"
            expose:
              - "5432"
          web:
            image: myapp:1.4
            ports:
              - "8000:8000"
              - target: 9200
                published: 9200
                host_ip: 127.0.0.1
        """, path: "docker-compose.yml"),
    ], check: .compose(check))

    static func check(_ compose: ComposeFile, _ file: DeployFile) -> [Finding] {
        var findings: [Finding] = []
        for service in compose.services {
            let imageName = service.image.flatMap(imageKey)
            let byImage = imageName.flatMap { images[$0] }
            for port in service.ports where port.onAllInterfaces && !(port.hostIP.map(DockerVariables.refersToVariable) ?? false) {
                let containerPorts = port.containerPorts
                guard let database = byImage.flatMap({ name in containerPorts.isEmpty ? nil : name }) ?? containerPorts.lazy.compactMap({ ports[$0] }).first
                else { continue }
                let host = port.published.map { "host port \($0)" } ?? "a random host port"
                findings.append(file.finding(descriptor, at: port.position,
                                             description: "Service `\(service.name)` publishes its \(database) port (\(port.containerPort)) on every interface of the host (\(host)), past the host's firewall.",
                                             remediation: "Publish it on the loopback only (`\"127.0.0.1:\(port.published ?? port.containerPort):\(port.containerPort)\"`), or drop `ports:` and let the other services reach it over the Compose network."))
            }
        }
        return findings
    }

    /// `docker.io/library/postgres:16@sha256:...` → `postgres`.
    static func imageKey(_ image: String) -> String? {
        let withoutDigest = image.split(separator: "@").first.map(String.init) ?? image
        let last = withoutDigest.split(separator: "/").last.map(String.init) ?? withoutDigest
        return last.split(separator: ":").first.map { $0.lowercased() }
    }
}
