// `dott serve` over the embedded cluster, as an operator runs it: the cluster it starts stops
// with it, even when an earlier serve was killed and left the cluster running, while a cluster
// started by `dott db start` outlives it. Each test has a var directory of its own.

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "db/db.hpp"

extern char** environ;

namespace dott::test {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

/// A var directory under the system temporary directory; its cluster is stopped and the
/// directory removed at the end, however the test ends.
class scratch_var {
  public:
    scratch_var() {
        std::random_device entropy;
        path_ = fs::temp_directory_path() / ("dott-serve-" + std::to_string(entropy()));
        fs::create_directories(path_);
    }
    scratch_var(const scratch_var&) = delete;
    scratch_var& operator=(const scratch_var&) = delete;
    ~scratch_var() {
        (void)db::embedded_cluster(path_).stop();
        std::error_code ignored;
        fs::remove_all(path_, ignored);
    }
    [[nodiscard]] const fs::path& path() const { return path_; }

  private:
    fs::path path_;
};

/// The environment of the `dott` children: this process's, without any database or Dott
/// setting, plus `extra`.
std::vector<std::string> child_environment(const std::vector<std::string>& extra) {
    std::vector<std::string> out;
    for (char** entry = environ; *entry != nullptr; ++entry) {
        std::string value(*entry);
        if (!value.starts_with("DATABASE_") && !value.starts_with("DOTT_")) {
            out.push_back(value);
        }
    }
    out.insert(out.end(), extra.begin(), extra.end());
    return out;
}

/// A `dott` process with its standard output on a pipe and its standard error in a file.
struct child {
    pid_t pid = -1;
    int output = -1;
};

child spawn(const std::vector<std::string>& arguments, const std::vector<std::string>& env,
            const fs::path& log) {
    std::vector<std::string> argv{DOTT_BINARY};
    argv.insert(argv.end(), arguments.begin(), arguments.end());
    std::vector<char*> args;
    for (auto& a : argv) args.push_back(a.data());
    args.push_back(nullptr);
    std::vector<std::string> owned_env = env;
    std::vector<char*> envp;
    for (auto& e : owned_env) envp.push_back(e.data());
    envp.push_back(nullptr);
    const std::string log_path = log.string();

    int pipe_ends[2];
    if (pipe(pipe_ends) != 0) return {};
    const pid_t pid = fork();
    if (pid == 0) {
        const int err = open(log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
        if (err < 0 || dup2(pipe_ends[1], 1) < 0 || dup2(err, 2) < 0) _exit(126);
        close(pipe_ends[0]);
        execve(args[0], args.data(), envp.data());
        _exit(127);
    }
    close(pipe_ends[1]);
    return {pid, pipe_ends[0]};
}

/// Reads the child's output until `marker` shows; false when the output ends first.
bool wait_for_output(const child& c, const std::string& marker) {
    std::string seen;
    char buffer[512];
    while (seen.find(marker) == std::string::npos) {
        const ssize_t n = read(c.output, buffer, sizeof buffer);
        if (n <= 0) return false;
        seen.append(buffer, static_cast<std::size_t>(n));
    }
    return true;
}

/// Sends `signal` and waits for the exit; the exit status, or -signal when killed.
int end_with(child& c, int signal) {
    kill(c.pid, signal);
    int status = 0;
    while (waitpid(c.pid, &status, 0) < 0 && errno == EINTR) {
    }
    close(c.output);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
}

/// Runs `dott` with `arguments` to its end; its exit status.
int run(const std::vector<std::string>& arguments, const std::vector<std::string>& env,
        const fs::path& log) {
    child c = spawn(arguments, env, log);
    char buffer[512];
    while (read(c.output, buffer, sizeof buffer) > 0) {
    }
    close(c.output);
    int status = 0;
    while (waitpid(c.pid, &status, 0) < 0 && errno == EINTR) {
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

TEST(ServeLifecycle, StopsTheClusterItStartedOrTookOverButNotOneStartedByHand) {
    scratch_var var;
    const auto env = child_environment({"DOTT_VAR_DIR=" + var.path().string(), "DOTT_PORT=0",
                                        "DOTT_LOG_FORMAT=text", "DOTT_DRAIN_SECONDS=2"});
    const fs::path log = var.path() / "serve.log";
    db::embedded_cluster cluster(var.path());

    // A serve killed outright cannot stop the cluster it started.
    child first = spawn({"serve", "--no-demo"}, env, log);
    ASSERT_TRUE(wait_for_output(first, "Dott is serving")) << "see " << log;
    EXPECT_EQ(end_with(first, SIGKILL), -SIGKILL);
    EXPECT_TRUE(cluster.is_running());

    // The next serve takes it over, and stops it on a clean shutdown.
    child second = spawn({"serve", "--no-demo"}, env, log);
    ASSERT_TRUE(wait_for_output(second, "Dott is serving")) << "see " << log;
    EXPECT_EQ(end_with(second, SIGTERM), 0);
    EXPECT_FALSE(cluster.is_running());

    // A cluster started by hand is stopped by hand.
    ASSERT_EQ(run({"db", "start"}, env, log), 0);
    child third = spawn({"serve", "--no-demo"}, env, log);
    ASSERT_TRUE(wait_for_output(third, "Dott is serving")) << "see " << log;
    EXPECT_EQ(end_with(third, SIGINT), 0);
    EXPECT_TRUE(cluster.is_running());
    EXPECT_EQ(run({"db", "stop"}, env, log), 0);
    EXPECT_FALSE(cluster.is_running());
}

TEST(ServeLifecycle, ABadDrainTimeStopsStartUpNamingTheVariable) {
    scratch_var var;
    const fs::path log = var.path() / "serve.log";

    for (const char* bad :
         {"DOTT_DRAIN_SECONDS=ten", "DOTT_DRAIN_SECONDS=-1", "DOTT_DRAIN_SECONDS=3601"}) {
        const auto env = child_environment({"DOTT_VAR_DIR=" + var.path().string(), bad});
        EXPECT_EQ(run({"serve", "--no-demo"}, env, log), 2) << bad;
    }

    std::ifstream written(log);
    const std::string messages((std::istreambuf_iterator<char>(written)),
                               std::istreambuf_iterator<char>());
    EXPECT_NE(messages.find("DOTT_DRAIN_SECONDS must be a whole number from 0 to 3600"),
              std::string::npos)
        << messages;
    EXPECT_FALSE(fs::exists(var.path() / "pg"));
}

}  // namespace
}  // namespace dott::test
