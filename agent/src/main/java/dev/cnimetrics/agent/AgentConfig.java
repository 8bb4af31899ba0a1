package dev.cnimetrics.agent;

import dev.cnimetrics.agent.cli.CoreOptions.CoreConfig;
import dev.cnimetrics.agent.cli.ImdsOptions.ImdsConfig;
import dev.cnimetrics.agent.cli.IpamdOptions.IpamdConfig;
import dev.cnimetrics.agent.cli.ShimOptions.ShimConfig;

/** Every validated flag, one record per option group. */
public record AgentConfig(CoreConfig core, IpamdConfig ipamd, ShimConfig shim, ImdsConfig imds) {}
