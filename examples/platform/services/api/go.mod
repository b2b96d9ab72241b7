module example.com/platform/api

go 1.22

require example.com/greeting v0.1.0

replace example.com/greeting => ../../third_party/greeting
