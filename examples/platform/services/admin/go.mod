module example.com/platform/admin

go 1.22
