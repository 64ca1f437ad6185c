#include "server/client_deadline.hpp"

#include <gtest/gtest.h>

using grantflow::server::ClientDeadline;
using grantflow::server::ClientTimeouts;
using namespace std::chrono_literals;

namespace {

ClientTimeouts timeouts() {
    ClientTimeouts t;
    t.header = 10s;
    t.bodyGrace = 5s;
    t.bodyMinRate = 100;
    return t;
}

const ClientDeadline::TimePoint t0 = ClientDeadline::TimePoint{} + 1h;

}  // namespace

TEST(ClientDeadline, TheFirstHeadIsDueFromTheAcceptHoweverManyBytesCame) {
    ClientDeadline d(timeouts(), t0);
    EXPECT_EQ(d.phase(), ClientDeadline::Phase::Head);
    d.beforeRead(t0 + 3s);
    d.received(20);
    d.beforeRead(t0 + 6s);
    d.received(20);
    ASSERT_TRUE(d.nextByteDue());
    EXPECT_EQ(*d.nextByteDue(), t0 + 10s);
    EXPECT_EQ(d.bytes(), 40);
}

TEST(ClientDeadline, ABodyMustKeepUpWithTheRateAfterTheGrace) {
    ClientDeadline d(timeouts(), t0);
    d.headReceived(t0 + 1s);
    // Byte n is due grace + n / rate after the body began.
    EXPECT_EQ(*d.nextByteDue(), t0 + 1s + 5s + 10ms);
    d.received(1000);
    EXPECT_EQ(*d.nextByteDue(), t0 + 1s + 5s + 10s + 10ms);
}

TEST(ClientDeadline, NoRateMeansNoBodyDeadline) {
    auto t = timeouts();
    t.bodyMinRate = 0;
    ClientDeadline d(t, t0);
    d.headReceived(t0);
    EXPECT_FALSE(d.nextByteDue());
    EXPECT_FALSE(d.sheddable(t0 + 1h));
}

TEST(ClientDeadline, AKeptAliveRequestsHeadClockStartsWithItsFirstRead) {
    ClientDeadline d(timeouts(), t0);
    d.headReceived(t0 + 1s);
    d.requestFinished(t0 + 2s);
    EXPECT_EQ(d.phase(), ClientDeadline::Phase::Idle);
    EXPECT_FALSE(d.nextByteDue());  // Poco's keep-alive timeout applies
    d.beforeRead(t0 + 12s);
    EXPECT_EQ(d.phase(), ClientDeadline::Phase::Head);
    EXPECT_EQ(*d.nextByteDue(), t0 + 22s);
    EXPECT_EQ(d.phaseStarted(), t0 + 12s);
    // Later reads of the same head do not restart it.
    d.beforeRead(t0 + 15s);
    EXPECT_EQ(*d.nextByteDue(), t0 + 22s);
}

TEST(ClientDeadline, IdleConnectionsAndHeadsMayBeShedButNotABodyKeepingUp) {
    ClientDeadline d(timeouts(), t0);
    EXPECT_TRUE(d.sheddable(t0));
    d.headReceived(t0);
    // Within its grace a body behind the rate may still be shed.
    EXPECT_TRUE(d.sheddable(t0 + 1s));
    d.received(150);
    EXPECT_FALSE(d.sheddable(t0 + 1s));
    EXPECT_TRUE(d.sheddable(t0 + 2s));
    d.requestFinished(t0 + 2s);
    EXPECT_TRUE(d.sheddable(t0 + 2s));
}

TEST(ClientDeadline, OnlyAConnectionNoByteOfARequestCameOnAwaitsARequest) {
    ClientDeadline d(timeouts(), t0);
    EXPECT_TRUE(d.awaitingRequest());  // connected, silent
    d.beforeRead(t0 + 1s);
    d.received(5);
    EXPECT_FALSE(d.awaitingRequest());  // a head has begun
    d.headReceived(t0 + 2s);
    EXPECT_FALSE(d.awaitingRequest());
    d.requestFinished(t0 + 3s);
    EXPECT_TRUE(d.awaitingRequest());  // idle between requests
    d.beforeRead(t0 + 4s);
    EXPECT_TRUE(d.awaitingRequest());  // waiting for the next one's first byte
    d.received(1);
    EXPECT_FALSE(d.awaitingRequest());
}
