/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "check_runner.h"

Suite *make_suite(void)
{
    return suite_create("sim_motion");
}
