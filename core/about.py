"""Application identity: the one place the name and version are declared."""

APP_NAME = "Quản lý Kế hoạch"
APP_ID = "QuanLyKeHoach"
ORG_NAME = "KeHoachGiaoDuc"
VERSION = "0.1.0"
