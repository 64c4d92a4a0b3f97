# The budgets of budgets.json as PowerShell data. TokenMonitor reads this file as data only:
# literals, @() lists, @{} tables, $true, $false, $null and comments; no commands or variables.
@{
    Budgets = @(
        @{
            Name        = 'team-monthly'
            Description = 'All LLM spend of the team per calendar month (UTC).'
            Amount      = 4
            Period      = 'Monthly'
        }
        @{
            Name        = 'claude-code-5h'
            Description = "Claude Code's 5-hour windows in tokens, as the plans meter them."
            Scope       = 'provider:anthropic'
            Period      = 'Rolling'
            Window      = '5h'
            TokenLimit  = 200000
        }
        @{
            Name        = 'opus-daily'
            Description = 'The Opus models, per New York day.'
            Scope       = 'model:claude-opus-*'
            Amount      = 0.50
            Period      = 'Daily'
            TimeZone    = 'America/New_York'
        }
        @{
            Name         = 'openai-weekly'
            Description  = 'OpenAI calls per week from Sunday; unspent money rolls over.'
            Scope        = 'provider:openai'
            Amount       = 0.10
            RequestLimit = 10
            Period       = 'Weekly'
            WeekStart    = 'Sunday'
            Start        = '2026-11-01'
            Rollover     = $true
        }
        @{
            Name        = 'webapp-quarterly'
            Description = 'The webapp project per quarter, with earlier alert levels.'
            Scope       = @('project:*webapp')
            Amount      = 10
            Period      = 'Quarterly'
            # Info, Warning, Critical and Exceeded, in percent of the amount.
            Thresholds  = 20, 50, 80, 100
        }
    )
}
