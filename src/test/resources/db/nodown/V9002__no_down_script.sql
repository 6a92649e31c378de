-- Test only (DownScriptPresenceTest): an up migration deliberately shipped without its down script.
CREATE TABLE no_down_script (id integer);
