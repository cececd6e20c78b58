import BarrageTarget
import Foundation
import Testing

/// A real server on 127.0.0.1:0, talked to over real sockets by ``HTTPTestClient``.
struct TargetServerTests {
    /// Runs `body` against a fresh server and always shuts it down.
    private func withServer(threads: Int = 2, _ body: (RunningTarget) async throws -> Void) async throws {
        let target = try await TargetServer.start(host: "127.0.0.1", port: 0, threads: threads)
        do {
            try await body(target)
        } catch {
            try await target.shutdown()
            throw error
        }
        try await target.shutdown()
    }

    @Test func servesTheFeedTwiceOnOneKeepAliveConnection() async throws {
        try await withServer { target in
            #expect(target.port != 0)
            let client = try HTTPTestClient(port: target.port)
            for path in ["/api/posts/", "/api/posts"] {
                try client.get(path)
                let response = try client.readResponse()
                #expect(response.status == 200)
                #expect(response.header("Content-Type") == "application/json")
                #expect(response.header("Content-Length") == String(FeedPage.body.count))
                #expect(response.header("Connection") == nil)
                #expect(response.body == FeedPage.body)
            }
        }
    }

    @Test func answersHealthz404And405AndIgnoresRequestBodies() async throws {
        try await withServer { target in
            let client = try HTTPTestClient(port: target.port)
            try client.get("/healthz")
            let health = try client.readResponse()
            #expect(health.status == 200)
            #expect(health.bodyText == "ok")

            try client.get("/missing")
            #expect(try client.readResponse().status == 404)

            try client.send("PUT /api/posts/ HTTP/1.1\r\nHost: x\r\nContent-Length: 11\r\n\r\nhello world")
            let notAllowed = try client.readResponse()
            #expect(notAllowed.status == 405)
            #expect(notAllowed.header("Allow") == "GET")

            try client.send("POST /api/posts/ HTTP/1.1\r\nHost: x\r\nContent-Length: 11\r\n\r\nhello world")
            let created = try client.readResponse()
            #expect(created.status == 201)
            #expect(created.bodyText == #"{"id":101,"created":true}"#)
            #expect(target.requestCounts.created == 1)

            // The POST body must not leak into the next request on the same connection.
            try client.get("/healthz")
            #expect(try client.readResponse().bodyText == "ok")
        }
    }

    @Test func answersPipelinedRequestsInOrder() async throws {
        try await withServer { target in
            let client = try HTTPTestClient(port: target.port)
            try client.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\nGET /api/posts/ HTTP/1.1\r\nHost: x\r\n\r\nGET /nope HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(try client.readResponse().bodyText == "ok")
            #expect(try client.readResponse().body == FeedPage.body)
            #expect(try client.readResponse().status == 404)
        }
    }

    @Test func closesAfterConnectionClose() async throws {
        try await withServer { target in
            let client = try HTTPTestClient(port: target.port)
            try client.get("/api/posts/", headers: ["Connection: close"])
            let response = try client.readResponse()
            #expect(response.body == FeedPage.body)
            #expect(response.header("Connection") == "close")
            #expect(try client.isClosedByServer())
        }
    }

    @Test func keepsHTTP10AliveOnlyWhenAsked() async throws {
        try await withServer { target in
            let keepAlive = try HTTPTestClient(port: target.port)
            for _ in 0..<2 {
                try keepAlive.send("GET /healthz HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
                let response = try keepAlive.readResponse()
                #expect(response.bodyText == "ok")
                #expect(response.header("Connection") == "keep-alive")
            }
            let oneShot = try HTTPTestClient(port: target.port)
            try oneShot.send("GET /stats HTTP/1.0\r\n\r\n")
            #expect(try oneShot.readResponse().status == 200)
            #expect(try oneShot.isClosedByServer())
        }
    }

    @Test func statsCountsEveryResponseExactly() async throws {
        try await withServer { target in
            let client = try HTTPTestClient(port: target.port)
            for index in 0..<7 {
                try client.get(index.isMultiple(of: 2) ? "/api/posts/" : "/api/posts?page=\(index)")
                _ = try client.readResponse()
            }
            for path in ["/healthz", "/healthz", "/nope"] {
                try client.get(path)
                _ = try client.readResponse()
            }
            try client.get("/stats")
            let stats = try client.readResponse()
            #expect(stats.status == 200)
            #expect(stats.header("Content-Type") == "application/json")
            let json = try #require(try JSONSerialization.jsonObject(with: Data(stats.body)) as? [String: Any])
            let requests = try #require(json["requests"] as? [String: Int])
            #expect(requests == ["/api/posts/": 7, "/healthz": 2, "/stats": 1, "other": 1, "POST /api/posts/": 0])
            #expect(json["total"] as? Int == 11)
            #expect(target.requestCounts == RequestCounts(posts: 7, healthz: 2, stats: 1, other: 1))
        }
    }

    @Test func countsExactlyUnderConcurrentConnections() async throws {
        let connections = 8
        let requestsPerConnection = 25
        try await withServer(threads: 2) { target in
            let port = target.port
            try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<connections {
                    group.addTask {
                        let client = try HTTPTestClient(port: port)
                        var served = 0
                        for _ in 0..<requestsPerConnection {
                            try client.get("/api/posts/")
                            if try client.readResponse().body == FeedPage.body { served += 1 }
                        }
                        return served
                    }
                }
                var served = 0
                for try await count in group { served += count }
                #expect(served == connections * requestsPerConnection)
            }
            #expect(target.requestCounts.posts == connections * requestsPerConnection)
        }
    }

    @Test func rejectsBadArguments() async {
        await #expect(throws: TargetServerError.invalidPort(70_000)) {
            _ = try await TargetServer.start(host: "127.0.0.1", port: 70_000, threads: 1)
        }
        await #expect(throws: TargetServerError.invalidThreadCount(0)) {
            _ = try await TargetServer.start(host: "127.0.0.1", port: 0, threads: 0)
        }
    }

    @Test func reportsATakenPort() async throws {
        try await withServer(threads: 1) { target in
            // SO_REUSEADDR does not allow two listeners on one port.
            do {
                let second = try await TargetServer.start(host: "127.0.0.1", port: target.port, threads: 1)
                try await second.shutdown()
                Issue.record("a second server bound the taken port \(target.port)")
            } catch let error as TargetServerError {
                #expect(error.description.contains("127.0.0.1:\(target.port)"))
            }
        }
    }

    @Test func refusesConnectionsAfterShutdown() async throws {
        let target = try await TargetServer.start(host: "127.0.0.1", port: 0, threads: 1)
        let port = target.port
        try await target.shutdown()
        try await target.shutdown()
        #expect(throws: HTTPTestClient.ClientError.self) { _ = try HTTPTestClient(port: port) }
    }
}
