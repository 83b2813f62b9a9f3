#include "init_impls/init_args.h"

#include <gtest/gtest.h>

#include <csignal>

namespace initcheck::inits {
namespace {

std::variant<InitArgs, InitArgsExit> Parse(std::vector<std::string> args) {
  return ParseInitArgs(args, "init", Strategies());
}

InitArgsExit ExitOf(std::vector<std::string> args) {
  auto parsed = Parse(std::move(args));
  EXPECT_TRUE(std::holds_alternative<InitArgsExit>(parsed));
  return std::holds_alternative<InitArgsExit>(parsed) ? std::get<InitArgsExit>(parsed) : InitArgsExit{-1};
}

TEST(InitArgsTest, TheCommandIsEverythingFromTheFirstArgumentThatIsNoOption) {
  auto parsed = Parse({"--strategy=drain", "--grace-ms", "50", "sh", "-c", "exit 1", "--help"});
  ASSERT_TRUE(std::holds_alternative<InitArgs>(parsed));
  const InitArgs& args = std::get<InitArgs>(parsed);
  EXPECT_EQ(args.strategy->name, "drain");
  EXPECT_EQ(args.options.grace, std::chrono::milliseconds(50));
  EXPECT_EQ(args.command, (std::vector<std::string>{"sh", "-c", "exit 1", "--help"}));
}

TEST(InitArgsTest, DoubleDashEndsTheOptions) {
  auto parsed = Parse({"--strategy", "forward-child", "--", "--version"});
  ASSERT_TRUE(std::holds_alternative<InitArgs>(parsed));
  EXPECT_EQ(std::get<InitArgs>(parsed).command, (std::vector<std::string>{"--version"}));
}

TEST(InitArgsTest, BroadcastTakesEverySpellingOfASignal) {
  auto parsed = Parse({"--strategy=drain", "--broadcast", "SIGWINCH", "--broadcast=hup", "--broadcast", "10", "true"});
  ASSERT_TRUE(std::holds_alternative<InitArgs>(parsed));
  EXPECT_EQ(std::get<InitArgs>(parsed).options.extra_broadcast_signals, (std::vector<int>{SIGWINCH, SIGHUP, SIGUSR1}));
}

TEST(InitArgsTest, HelpAndVersionPrintAndExit0) {
  const InitArgsExit help = ExitOf({"--help"});
  EXPECT_EQ(help.code, 0);
  for (const std::string_view text : {"--strategy", "--grace-ms", "--broadcast", "--version", "CMD", "\n  drain\n"}) {
    EXPECT_NE(help.out.find(text), std::string::npos) << text << " missing from:\n" << help.out;
  }
  const InitArgsExit version = ExitOf({"--version"});
  EXPECT_EQ(version.code, 0);
  EXPECT_EQ(version.out, "init (initcheck) " + std::string(kInitVersion) + "\n");
}

TEST(InitArgsTest, ASingleStrategyBinaryNeedsNoStrategyOption) {
  const StrategyInfo* drain = FindStrategy("drain");
  const std::vector<std::string> args = {"--grace-ms=0", "true"};
  auto parsed = ParseInitArgs(args, "drain", {drain, 1});
  ASSERT_TRUE(std::holds_alternative<InitArgs>(parsed));
  EXPECT_EQ(std::get<InitArgs>(parsed).strategy, drain);
  const std::vector<std::string> help = {"--help"};
  const auto printed = std::get<InitArgsExit>(ParseInitArgs(help, "drain", {drain, 1}));
  EXPECT_NE(printed.out.find("Usage: drain [--grace-ms N]"), std::string::npos) << printed.out;
  EXPECT_EQ(printed.out.find("--strategy"), std::string::npos) << printed.out;
}

TEST(InitArgsTest, AMistakeExits2NamingTheArgumentAndWhy) {
  const std::vector<std::pair<std::vector<std::string>, std::string>> mistakes = {
      {{"--strategy=tini", "--", "true"}, "--strategy tini: no such strategy (one of: "},
      {{"--strategy=drain"}, "no command given"},
      {{"--", "true"}, "--strategy is required"},
      {{"--strategy=drain", "--broadcast", "SIGNOPE", "true"}, "--broadcast SIGNOPE: not a signal name or number"},
      {{"--strategy=drain", "--broadcast", "SIGKILL", "true"}, "cannot receive or pass on SIGKILL"},
      {{"--strategy=forward-child", "--grace-ms", "10", "true"}, "mean nothing to strategy forward-child"},
      {{"--strategy=drain", "--grace-ms", "-1", "true"}, "--grace-ms -1: not a whole number"},
      {{"--strategy=drain", "--grace-ms", "5x", "true"}, "--grace-ms 5x: not a whole number"},
      {{"--strategy=drain", "--grace-ms"}, "--grace-ms needs a value"},
      {{"--strategy=drain", "--frobnicate", "true"}, "unknown option --frobnicate"},
  };
  for (const auto& [args, why] : mistakes) {
    const InitArgsExit exit = ExitOf(args);
    EXPECT_EQ(exit.code, kUsageExitCode) << ::testing::PrintToString(args);
    EXPECT_EQ(exit.err.rfind("init: ", 0), 0u) << exit.err;
    EXPECT_NE(exit.err.find(why), std::string::npos) << exit.err;
  }
}

}  // namespace
}  // namespace initcheck::inits
