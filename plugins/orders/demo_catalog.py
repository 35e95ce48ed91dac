"""What the demo company trades: products (Vietnamese goods at realistic prices in VND),
its suppliers, and the staff who sell, pick and buy. Data only."""

from __future__ import annotations

# SKU, name, unit price (VND), stock on hand
PRODUCTS: tuple[tuple[str, str, int, int], ...] = (
    ("GAO-ST25-5", "Gạo ST25 túi 5kg", 185_000, 420),
    ("GAO-TAMTHOM-10", "Gạo tám thơm Điện Biên 10kg", 260_000, 260),
    ("CF-TRUNGNGUYEN-500", "Cà phê Trung Nguyên Sáng tạo 8 hộp 500g", 215_000, 340),
    ("CF-ROBUSTA-1KG", "Cà phê Robusta Đắk Lắk rang xay 1kg", 240_000, 180),
    ("TRA-THAINGUYEN-200", "Trà xanh Thái Nguyên hộp 200g", 120_000, 500),
    ("NM-PHUQUOC-500", "Nước mắm Phú Quốc 40 độ đạm chai 500ml", 95_000, 640),
    ("NM-NAMNGU-750", "Nước mắm Nam Ngư chai 750ml", 42_000, 900),
    ("DAU-TUONGAN-5L", "Dầu ăn Tường An can 5 lít", 235_000, 210),
    ("MI-HAOHAO-T30", "Mì Hảo Hảo tôm chua cay thùng 30 gói", 118_000, 750),
    ("PHO-BICH-T24", "Phở bò ăn liền Vifon thùng 24 gói", 210_000, 160),
    ("BANH-CHUNG-1KG", "Bánh chưng Tranh Khúc 1kg", 95_000, 80),
    ("KEO-DUA-BT-400", "Kẹo dừa Bến Tre hộp 400g", 55_000, 480),
    ("HAT-DIEU-BP-500", "Hạt điều rang muối Bình Phước 500g", 185_000, 300),
    ("MAT-ONG-1L", "Mật ong hoa cà phê Tây Nguyên 1 lít", 260_000, 140),
    ("TIEU-PQ-500", "Tiêu đen Phú Quốc 500g", 165_000, 220),
    ("SUA-VINAMILK-T48", "Sữa tươi Vinamilk 100% không đường thùng 48 hộp 180ml", 365_000, 380),
    ("NUOC-LAVIE-T24", "Nước khoáng La Vie thùng 24 chai 500ml", 98_000, 820),
    ("BIA-SAIGON-T24", "Bia Sài Gòn Lager thùng 24 lon", 335_000, 450),
    ("NON-LA-HUE", "Nón lá Huế bài thơ", 75_000, 120),
    ("AO-DAI-LUA", "Áo dài lụa tơ tằm may sẵn", 1_450_000, 60),
    ("GOM-BATTRANG-BO", "Bộ ấm chén gốm Bát Tràng men lam", 650_000, 70),
    ("SON-MAI-HOP", "Hộp sơn mài khảm trai", 420_000, 45),
    ("XA-PHONG-THAOMOC", "Xà phòng thảo mộc Sa Pa bánh 100g", 45_000, 560),
    ("NOI-COM-SUNHOUSE", "Nồi cơm điện Sunhouse 1,8 lít", 890_000, 70),
    ("QUAT-DIENCO-B400", "Quạt đứng Điện Cơ Thống Nhất B400", 1_150_000, 65),
    ("BINH-GIU-NHIET", "Bình giữ nhiệt Rạng Đông 1 lít", 185_000, 260),
    ("DEN-LED-RANGDONG", "Bóng đèn LED Rạng Đông 12W", 39_000, 1_200),
    ("GIAY-AN-A4", "Giấy in A4 Double A ram 500 tờ", 78_000, 900),
    ("BUT-THIENLONG-H20", "Bút bi Thiên Long TL-027 hộp 20 cây", 68_000, 700),
    ("VO-HONGHA-T10", "Vở Hồng Hà 200 trang lốc 10 quyển", 145_000, 90),
)

#: the demo logins who sell, pick and buy, exactly as HR's demo lists them: e-mail → (full name,
#: roles). Whoever loads first creates a login (the CRM creates the salespeople before orders).
PEOPLE: dict[str, tuple[str, tuple[str, ...]]] = {
    "sales1@nhip.local": ("Lê Thị Lan", ("employee", "sales")),
    "sales2@nhip.local": ("Phạm Văn Đức", ("employee", "sales")),
    "warehouse1@nhip.local": ("Bùi Văn Long", ("employee", "warehouse")),
    "warehouse2@nhip.local": ("Ngô Thị Hạnh", ("employee", "warehouse")),
    "purchaser@nhip.local": ("Dương Thị Kim Oanh", ("employee", "purchaser")),
    "head.sales@nhip.local": (
        "Nguyễn Minh Tuấn",
        ("employee", "manager", "sales", "sales_manager"),
    ),
}
SALESPEOPLE = ("sales1@nhip.local", "sales2@nhip.local")
#: agrees the discounts: an order with a line below the product's price is entered by them in
#: the salesperson's name
SALES_MANAGER = "head.sales@nhip.local"
WAREHOUSE_STAFF = ("warehouse1@nhip.local", "warehouse2@nhip.local")
PURCHASER = "purchaser@nhip.local"

SUPPLIERS: tuple[str, ...] = (
    "Công ty CP Lương thực Sóc Trăng",
    "Công ty CP Tập đoàn Trung Nguyên",
    "Công ty CP Sữa Việt Nam (Vinamilk)",
    "Công ty TNHH Gốm sứ Bát Tràng",
    "Công ty CP Bóng đèn Phích nước Rạng Đông",
    "Công ty CP Tập đoàn Thiên Long",
)

#: customers created only when the CRM's demo left none (name, tier)
FALLBACK_CUSTOMERS: tuple[tuple[str, str], ...] = (
    ("Công ty TNHH Thương mại Minh Phát", "gold"),
    ("Cửa hàng Tạp hóa Cô Ba", "standard"),
)
