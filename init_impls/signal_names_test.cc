#include "init_impls/signal_names.h"

#include <gtest/gtest.h>

#include <csignal>

namespace initcheck::inits {
namespace {

TEST(SignalNameTest, NamesStandardAndRealTimeSignals) {
  EXPECT_EQ(SignalName(SIGTERM), "SIGTERM");
  EXPECT_EQ(SignalName(SIGWINCH), "SIGWINCH");
  EXPECT_EQ(SignalName(SIGRTMIN), "SIGRTMIN+0");
  EXPECT_EQ(SignalName(SIGRTMIN + 3), "SIGRTMIN+3");
  EXPECT_EQ(SignalName(0), "signal 0");
  EXPECT_EQ(SignalName(NSIG), "signal " + std::to_string(NSIG));
}

TEST(ParseSignalTest, AcceptsTheSpellingsKillAccepts) {
  EXPECT_EQ(ParseSignal("SIGWINCH"), SIGWINCH);
  EXPECT_EQ(ParseSignal("sigwinch"), SIGWINCH);
  EXPECT_EQ(ParseSignal("WINCH"), SIGWINCH);
  EXPECT_EQ(ParseSignal("28"), 28);
  EXPECT_EQ(ParseSignal("SIGIO"), SIGIO);
  EXPECT_EQ(ParseSignal("SIGRTMIN"), SIGRTMIN);
  EXPECT_EQ(ParseSignal("SIGRTMIN+2"), SIGRTMIN + 2);
  EXPECT_EQ(ParseSignal("RTMAX-1"), SIGRTMAX - 1);
}

TEST(ParseSignalTest, RejectsWhatNamesNoSignal) {
  EXPECT_EQ(ParseSignal(""), std::nullopt);
  EXPECT_EQ(ParseSignal("SIG"), std::nullopt);
  EXPECT_EQ(ParseSignal("SIGFOO"), std::nullopt);
  EXPECT_EQ(ParseSignal("0"), std::nullopt);
  EXPECT_EQ(ParseSignal("-15"), std::nullopt);
  EXPECT_EQ(ParseSignal(std::to_string(NSIG)), std::nullopt);
  EXPECT_EQ(ParseSignal("15x"), std::nullopt);
  EXPECT_EQ(ParseSignal("SIGRTMIN-1"), std::nullopt);
  EXPECT_EQ(ParseSignal("SIGRTMAX+1"), std::nullopt);
}

TEST(ParseSignalTest, RoundTripsEveryNamedSignal) {
  for (int signo = 1; signo < NSIG; ++signo) {
    const std::string name = SignalName(signo);
    if (name.rfind("signal ", 0) == 0) continue;  // glibc's reserved ones
    EXPECT_EQ(ParseSignal(name), signo) << name;
  }
}

}  // namespace
}  // namespace initcheck::inits
