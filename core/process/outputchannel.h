#pragma once

enum class OutputChannel { Stdout, Stderr };
