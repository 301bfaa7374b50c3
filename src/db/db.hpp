#pragma once

// The db module in one include: the pool and its scope, the one transaction type and run(),
// migrations, and the embedded cluster. See README.md in this directory.

#include "db/cluster.hpp"
#include "db/conninfo.hpp"
#include "db/migrate.hpp"
#include "db/pool.hpp"
#include "db/transaction.hpp"
