// `test_cluster_ctl stop` stops the private cluster that integration tests start under the build
// directory's test-var/. CTest runs it as the cleanup of the test_cluster fixture, after the last
// test that needs the cluster. Does nothing when the environment names another server.

#include <cstdio>
#include <string_view>

#include "support/test_database.hpp"

int main(int argc, char** argv) {
    if (argc != 2 || std::string_view(argv[1]) != "stop") {
        std::fprintf(stderr, "usage: test_cluster_ctl stop\n");
        return 2;
    }

    auto cluster = dott::test::embedded_test_cluster();
    if (!cluster) {
        return 0;
    }
    auto stopped = cluster->stop();
    if (!stopped) {
        std::fprintf(stderr, "test_cluster_ctl: %s\n", stopped.error().message.c_str());
        return 1;
    }
    return 0;
}
