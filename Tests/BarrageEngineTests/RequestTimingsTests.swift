import BarrageCore
import CCurl
import Testing
@testable import BarrageEngine

struct RequestTimingsTests {
    @Test func newConnectionSplitsIntoK6Phases() {
        let t = RequestTimings(nameLookup: 100, connect: 300, appConnect: 0, preTransfer: 350, startTransfer: 1350, total: 1600)
        #expect(t.blocked == 100)
        #expect(t.connecting == 200)
        #expect(t.tlsHandshaking == 0)
        #expect(t.sending == 50)
        #expect(t.waiting == 1000)
        #expect(t.receiving == 250)
        #expect(t.duration == 1300)
    }

    @Test func tlsHandshakeIsItsOwnPhase() {
        let t = RequestTimings(nameLookup: 10, connect: 110, appConnect: 610, preTransfer: 620, startTransfer: 900, total: 1000)
        #expect(t.tlsHandshaking == 500)
        #expect(t.duration == 390)
    }

    @Test func reusedConnectionHasNoSetupPhases() {
        let t = RequestTimings(nameLookup: 0, connect: 0, appConnect: 0, preTransfer: 20, startTransfer: 520, total: 700)
        #expect(t.blocked == 0 && t.connecting == 0 && t.tlsHandshaking == 0)
        #expect(t.duration == 700)
    }

    @Test func failedTransferWithoutFirstByteIsAllWaiting() {
        let t = RequestTimings(nameLookup: 0, connect: 0, appConnect: 0, preTransfer: 10, startTransfer: 0, total: 5000)
        #expect(t.waiting == 4990)
        #expect(t.receiving == 0)
    }

    @Test func classifiesCurlFailures() {
        #expect(ErrorKind.forCurl(CURLE_COULDNT_CONNECT, osErrno: 111) == .connectionRefused)
        #expect(ErrorKind.forCurl(CURLE_OPERATION_TIMEDOUT, osErrno: 0) == .timeout)
        #expect(ErrorKind.forCurl(CURLE_RECV_ERROR, osErrno: 104) == .connectionReset)
        #expect(ErrorKind.forCurl(CURLE_COULDNT_RESOLVE_HOST, osErrno: 0) == .dns)
        #expect(ErrorKind.forStatus(404) == .http4xx)
        #expect(ErrorKind.forStatus(503) == .http5xx)
        #expect(ErrorKind.forStatus(302) == nil)
    }
}
