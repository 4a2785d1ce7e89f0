"""Word lists for the benchmark's negatives: ordinary company and person names in many languages.

Written for this benchmark from common knowledge of each language (no list file is copied): the
largest cities of each country, everyday lines of business and legal forms, and frequent given
names and surnames. Each entry of COMPANY_STYLES is one language's way of naming a firm.
"""

# Word tables are data: one language per line reads better than wrapped lines.
# ruff: noqa: E501
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CompanyStyle:
    """How one language names ordinary firms: '{city} {word} {industry} {form}' and similar."""

    lang: str
    country: str
    cities: tuple[str, ...]
    words: tuple[str, ...]  # founders' surnames, brand-like words, descriptive adjectives
    industries: tuple[str, ...]
    forms: tuple[str, ...]
    patterns: tuple[str, ...]


def _t(text: str) -> tuple[str, ...]:
    return tuple(w.replace("_", " ") for w in text.split())


COMPANY_STYLES: tuple[CompanyStyle, ...] = (
    CompanyStyle(
        "en", "GB",
        _t("Manchester Leeds Bristol Sheffield Glasgow Cardiff Norwich Leicester Oxford York"),
        _t("Harrington Whitfield Ashby Kingsley Oakridge Bluewater Redstone Northgate Meadow Crown"),
        _t("Engineering Logistics Foods Textiles Plastics Printing Building_Supplies Joinery Dairy Packaging"),
        _t("Ltd Limited PLC LLP"),
        ("{city} {industry} {form}", "{word} {industry} {form}", "{word} & Sons {form}",
         "{word} {city} {industry} {form}"),
    ),
    CompanyStyle(
        "en", "US",
        _t("Denver Houston Phoenix Atlanta Portland Columbus Tampa Omaha Tucson Raleigh"),
        _t("Summit Liberty Pioneer Keystone Evergreen Lakeside Ridgeway Prairie Sterling Harbor"),
        _t("Plumbing Roofing Dental Hardware Farms Realty Trucking Bakery Landscaping Auto_Parts"),
        _t("Inc. LLC Corp. Co."),
        ("{city} {industry} {form}", "{word} {industry} {form}", "{word} {industry} of {city} {form}"),
    ),
    CompanyStyle(
        "de", "DE",
        _t("Bielefeld Augsburg Kassel Freiburg Regensburg Würzburg Ulm Rostock Paderborn Göttingen"),
        _t("Müller Schneider Becker Hoffmann Wagner Schäfer Krause Lehmann Brandt Vogel"),
        _t("Maschinenbau Elektrotechnik Bäckerei Holzbau Metallbau Spedition Druckerei Autohaus Gartenbau Sanitärtechnik"),
        _t("GmbH GmbH_&_Co._KG AG e.K. KG"),
        ("{word} {industry} {form}", "{industry} {word} {form}", "{city}er {industry} {form}"),
    ),
    CompanyStyle(
        "fr", "FR",
        _t("Lyon Nantes Rennes Dijon Angers Limoges Tours Reims Grenoble Amiens"),
        _t("Dubois Lefèvre Moreau Girard Fontaine Rousseau Mercier Blanchard Garnier Chevalier"),
        _t("Boulangerie Transports Menuiserie Imprimerie Plomberie Pharmacie Charpente Fromagerie Carrosserie Électricité"),
        _t("SARL SAS S.A. EURL"),
        ("{industry} {word} {form}", "{industry} de {city} {form}", "{word} et Fils {form}"),
    ),
    CompanyStyle(
        "es", "ES",
        _t("Valencia Sevilla Zaragoza Málaga Murcia Bilbao Alicante Córdoba Valladolid Vigo"),
        _t("García Fernández López Martínez Sánchez Romero Navarro Torres Domínguez Ortega"),
        _t("Construcciones Transportes Panadería Muebles Cerámicas Aceites Conservas Textiles Ferretería Vinos"),
        _t("S.L. S.A. SL SA"),
        ("{industry} {word} {form}", "{industry} {city} {form}", "{word} e Hijos {form}"),
    ),
    CompanyStyle(
        "es", "MX",
        _t("Monterrey Guadalajara Puebla León Querétaro Mérida Toluca Morelia Saltillo Hermosillo"),
        _t("Hernández González Ramírez Flores Morales Reyes Cruz Ortiz Gutiérrez Castillo"),
        _t("Distribuidora Comercializadora Abarrotes Aceros Plásticos Alimentos Autopartes Farmacias Maderas Lácteos"),
        _t("S.A._de_C.V. S._de_R.L._de_C.V. SA_de_CV"),
        ("{industry} {word} {form}", "{industry} de {city} {form}"),
    ),
    CompanyStyle(
        "tr", "TR",
        _t("Bursa Konya Kayseri Eskişehir Gaziantep Denizli Samsun Trabzon Antalya Adana"),
        _t("Yılmaz Kaya Demir Şahin Çelik Öztürk Aydın Arslan Doğan Kılıç"),
        _t("Tekstil İnşaat Gıda Mobilya Otomotiv Plastik Ambalaj Tarım Turizm Madencilik"),
        _t("Ltd._Şti. A.Ş. San._ve_Tic._Ltd._Şti. San._ve_Tic._A.Ş."),
        ("{word} {industry} {form}", "{city} {industry} {form}", "{word} Kardeşler {industry} {form}"),
    ),
    CompanyStyle(
        "ru", "RU",
        _t("Тверь Калуга Рязань Тула Курск Пенза Липецк Кострома Вологда Ярославль"),
        _t("Ромашка Рассвет Восход Радуга Берёзка Заря Колос Садко Виктория Гранит"),
        _t("Стройматериалы Агро Хлебозавод Молоко Мебель Автосервис Транс Полиграф Текстиль Лес"),
        _t("ООО АО ИП ПАО"),
        ('{form} «{word}»', '{form} "{word}-{industry}"', "{form} {word} {city}", '{form} «{industry} {city}»'),
    ),
    CompanyStyle(
        "ru-Latn", "RU",
        _t("Tver Kaluga Ryazan Tula Kursk Penza Lipetsk Kostroma Vologda Yaroslavl"),
        _t("Romashka Rassvet Voskhod Raduga Beryozka Zarya Kolos Sadko Viktoriya Granit"),
        _t("Stroymaterialy Agro Khlebozavod Moloko Mebel Avtoservis Trans Poligraf Tekstil Les"),
        _t("OOO LLC AO JSC"),
        ('{form} "{word}"', "{word}-{industry} {form}", "{form} {word} {city}"),
    ),
    CompanyStyle(
        "zh", "CN",
        _t("石家庄 济南 福州 南昌 太原 合肥 昆明 贵阳 兰州 呼和浩特"),
        _t("华美 鑫源 金鹏 宏达 恒通 瑞丰 嘉禾 天成 永盛 博远"),
        _t("食品 纺织 家具 建材 印刷 餐饮 服装 陶瓷 茶叶 农业"),
        _t("有限公司 股份有限公司 有限责任公司"),
        ("{city}{word}{industry}{form}", "{city}市{word}{industry}{form}", "{word}{industry}{form}"),
    ),
    CompanyStyle(
        "zh-Latn", "CN",
        _t("Shijiazhuang Jinan Fuzhou Nanchang Taiyuan Hefei Kunming Guiyang Lanzhou Hohhot"),
        _t("Huamei Xinyuan Jinpeng Hongda Hengtong Ruifeng Jiahe Tiancheng Yongsheng Boyuan"),
        _t("Food Textile Furniture Building_Materials Printing Catering Garment Ceramics Tea Agriculture"),
        _t("Co.,_Ltd. Co._Ltd Company_Limited"),
        ("{city} {word} {industry} {form}", "{word} {industry} ({city}) {form}"),
    ),
    CompanyStyle(
        "ar", "AE",
        _t("دبي الشارقة العين عجمان الرياض جدة الدمام عمان القاهرة الإسكندرية"),
        _t("النور الأمل الفجر الواحة الخليج السلام الريان الهدى البركة الصفا"),
        _t("للتجارة للمقاولات للأغذية للنقل للأثاث للعطور للسياحة للإلكترونيات للمنسوجات للطباعة"),
        _t("ذ.م.م ش.م.م"),
        ("{word} {industry} {form}", "شركة {word} {industry}", "مؤسسة {word} {industry}"),
    ),
    CompanyStyle(
        "ar-Latn", "AE",
        _t("Dubai Sharjah Al_Ain Ajman Riyadh Jeddah Dammam Amman Cairo Alexandria"),
        _t("Al_Noor Al_Amal Al_Fajr Al_Waha Al_Khaleej Al_Salam Al_Rayyan Al_Huda Al_Baraka Al_Safa"),
        _t("Trading Contracting Foodstuff Transport Furniture Perfumes Tourism Textiles Printing General_Trading"),
        _t("LLC L.L.C. FZE FZCO"),
        ("{word} {industry} {form}", "{word} {industry} ({city}) {form}"),
    ),
    CompanyStyle(
        "it", "IT",
        _t("Bergamo Brescia Verona Padova Modena Parma Bologna Vicenza Treviso Perugia"),
        _t("Rossi Bianchi Colombo Ricci Marino Greco Bruno Gallo Conti Esposito"),
        _t("Ceramiche Salumificio Caseificio Calzaturificio Mobilificio Tipografia Autotrasporti Oleificio Pastificio Serramenti"),
        _t("S.r.l. S.p.A. Srl SpA"),
        ("{industry} {word} {form}", "{industry} {city} {form}", "{word} & Figli {form}"),
    ),
    CompanyStyle(
        "pt", "BR",
        _t("Curitiba Recife Fortaleza Goiânia Belém Manaus Campinas Salvador Natal Maceió"),
        _t("Silva Santos Oliveira Souza Pereira Costa Rodrigues Almeida Nascimento Carvalho"),
        _t("Alimentos Transportes Construtora Móveis Calçados Confecções Laticínios Materiais_de_Construção Cerâmica Papelaria"),
        _t("Ltda. S.A. LTDA ME"),
        ("{industry} {word} {form}", "{word} {industry} {form}", "{industry} {city} {form}"),
    ),
    CompanyStyle(
        "pl", "PL",
        _t("Kraków Wrocław Poznań Gdańsk Łódź Lublin Katowice Szczecin Białystok Rzeszów"),
        _t("Nowak Kowalski Wiśniewski Wójcik Kamiński Lewandowski Zieliński Szymański Dąbrowski Kozłowski"),
        _t("Budownictwo Transport Piekarnia Meble Drukarnia Ogrodnictwo Hurtownia Stolarstwo Elektro Mleczarnia"),
        _t("Sp._z_o.o. S.A. sp.j."),
        ("{industry} {word} {form}", "{word} {industry} {form}", "{industry} {city} {form}"),
    ),
    CompanyStyle(
        "hi-Latn", "IN",
        _t("Pune Jaipur Lucknow Nagpur Indore Surat Coimbatore Vadodara Ludhiana Kochi"),
        _t("Sharma Agarwal Patel Gupta Mehta Reddy Iyer Kapoor Joshi Malhotra"),
        _t("Textiles Agro_Foods Pharma Granites Spices Auto_Components Polymers Handlooms Castings Tea"),
        _t("Pvt._Ltd. Private_Limited Ltd. LLP"),
        ("{word} {industry} {form}", "{city} {industry} {form}", "Shree {word} {industry} {form}"),
    ),
    CompanyStyle(
        "ja", "JP",
        _t("札幌 仙台 新潟 金沢 静岡 岡山 広島 熊本 鹿児島 松山"),
        _t("山田 佐藤 鈴木 高橋 田中 渡辺 伊藤 中村 小林 加藤"),
        _t("製作所 商事 工務店 印刷 食品 運輸 建設 電機 物産 興業"),
        _t("株式会社 有限会社"),
        ("{form}{word}{industry}", "{city}{industry}{form}", "{word}{industry}{form}"),
    ),
    CompanyStyle(
        "ko-Latn", "KR",
        _t("Busan Daegu Incheon Gwangju Daejeon Ulsan Suwon Changwon Jeonju Cheongju"),
        _t("Hanil Daesung Samil Dongyang Seowon Hyopsung Jinil Sejin Woosung Kumho"),
        _t("Textile Foods Precision Steel Construction Chemical Logistics Paper Machinery Plastics"),
        _t("Co.,_Ltd. Corporation Inc."),
        ("{word} {industry} {form}", "{city} {word} {industry} {form}"),
    ),
)  # fmt: skip


@dataclass(frozen=True)
class PersonCulture:
    """Frequent given names and surnames of one culture, and how it writes a full name."""

    culture: str
    given: tuple[str, ...]
    surnames: tuple[str, ...]
    patterns: tuple[str, ...] = ("{given} {surname}",)


PERSON_CULTURES: tuple[PersonCulture, ...] = (
    PersonCulture("en", _t("James Oliver Emily Sarah Thomas Charlotte Daniel Hannah George Lucy"),
                  _t("Smith Jones Taylor Brown Williams Wilson Johnson Davies Robinson Wright"),
                  ("{given} {surname}", "{surname}, {given}")),
    PersonCulture("de", _t("Lukas Anna Jonas Lena Felix Marie Tobias Sophie Matthias Katharina"),
                  _t("Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann")),
    PersonCulture("fr", _t("Louis Camille Hugo Chloé Antoine Manon Julien Pauline Mathieu Élodie"),
                  _t("Martin Bernard Thomas Petit Robert Richard Durand Dubois Moreau Laurent")),
    PersonCulture("es", _t("Alejandro Lucía Pablo María Javier Carmen Sergio Elena Diego Marta"),
                  _t("García Rodríguez González Fernández López Martínez Sánchez Pérez Gómez Martín"),
                  ("{given} {surname}", "{given} {surname} {surname2}")),
    PersonCulture("it", _t("Marco Giulia Luca Francesca Andrea Chiara Matteo Sara Alessandro Valentina"),
                  _t("Rossi Russo Ferrari Esposito Bianchi Romano Colombo Ricci Marino Greco")),
    PersonCulture("pt", _t("João Ana Pedro Beatriz Rafael Mariana Gabriel Larissa Lucas Camila"),
                  _t("Silva Santos Oliveira Souza Rodrigues Ferreira Alves Pereira Lima Gomes")),
    PersonCulture("tr", _t("Mehmet Ayşe Mustafa Fatma Emre Zeynep Burak Elif Oğuz Merve"),
                  _t("Yılmaz Kaya Demir Şahin Çelik Yıldız Yıldırım Öztürk Aydın Özdemir")),
    PersonCulture("ru", _t("Дмитрий Анна Сергей Елена Алексей Ольга Андрей Наталья Михаил Татьяна"),
                  _t("Смирнов Кузнецов Попов Васильев Соколов Михайлов Новиков Фёдоров Морозов Волков"),
                  ("{given} {surname}", "{surname} {given}")),
    PersonCulture("ru-Latn", _t("Dmitry Anna Sergey Elena Alexey Olga Andrei Natalia Mikhail Tatiana"),
                  _t("Smirnov Kuznetsov Popov Vasiliev Sokolov Mikhailov Novikov Fedorov Morozov Volkov"),
                  ("{given} {surname}", "{surname} {given}")),
    PersonCulture("zh", _t("伟 芳 娜 敏 静 丽 强 磊 洋 艳 军 杰"),
                  _t("王 李 张 刘 陈 杨 黄 赵 周 吴"), ("{surname}{given}",)),
    PersonCulture("zh-Latn", _t("Wei Fang Na Min Jing Li Qiang Lei Yang Yan Jun Jie Xiaoming Haiyan"),
                  _t("Wang Li Zhang Liu Chen Yang Huang Zhao Zhou Wu"),
                  ("{given} {surname}", "{surname} {given}")),
    PersonCulture("ar", _t("محمد أحمد فاطمة علي مريم يوسف خالد نورة عمر سارة"),
                  _t("الحسن العلي الخطيب المصري الشامي الحداد النجار العمري الزهراني القحطاني")),
    PersonCulture("ar-Latn", _t("Mohammed Ahmed Fatima Ali Maryam Youssef Khalid Noura Omar Sara"),
                  _t("Haddad Khoury Nasser Saleh Mansour Hamdan Aziz Farouk Qasim Rahman")),
    PersonCulture("hi-Latn", _t("Rahul Priya Amit Sneha Vikram Anjali Rohan Kavya Arjun Pooja"),
                  _t("Sharma Verma Patel Gupta Singh Kumar Reddy Nair Iyer Desai")),
    PersonCulture("ja-Latn", _t("Haruto Yui Sota Hina Ren Aoi Yuto Sakura Kaito Mei"),
                  _t("Sato Suzuki Takahashi Tanaka Watanabe Ito Yamamoto Nakamura Kobayashi Kato")),
    PersonCulture("ko-Latn", _t("Min-jun Seo-yeon Ji-ho Ha-eun Do-yun Ji-woo Seo-jun Su-ah Joon-young Ye-jin"),
                  _t("Kim Lee Park Choi Jung Kang Cho Yoon Jang Lim")),
    PersonCulture("vi", _t("Minh Lan Huy Thảo Tuấn Linh Dũng Hương Nam Mai"),
                  _t("Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng"), ("{surname} {given}",)),
    PersonCulture("fa-Latn", _t("Reza Maryam Ali Zahra Hossein Fatemeh Mehdi Narges Amir Leila"),
                  _t("Ahmadi Hosseini Karimi Rahimi Moradi Jafari Sadeghi Mohammadi Kazemi Rezaei")),
    PersonCulture("pl", _t("Piotr Anna Krzysztof Katarzyna Tomasz Magdalena Paweł Agnieszka Marcin Joanna"),
                  _t("Nowak Kowalski Wiśniewski Wójcik Kowalczyk Kamiński Lewandowski Zieliński Szymański Woźniak")),
    PersonCulture("sw", _t("Amani Baraka Neema Juma Zawadi Imani Faraji Rehema Hamisi Upendo"),
                  _t("Mwangi Otieno Kamau Wanjiru Ochieng Njoroge Mutua Kiprono Achieng Odhiambo")),
)  # fmt: skip

# Distinctive words for the near-miss swaps of Latin-script company names that are not pinyin:
# brand-like English and Latin words that no listed entity in these lists is named for.
SWAP_WORDS: tuple[str, ...] = _t(
    "Aurora Vertex Meridian Halcyon Cobalt Juniper Solstice Tamarind Zenith Larkspur Quartz Beacon "
    "Falcon Orchid Sequoia Tundra Marigold Obsidian Pinnacle Cascade Lumen Arbor Saffron Nimbus"
)

# The initials and finals of Mandarin pinyin: a syllable is an initial (or none) and a final.
PINYIN_INITIALS: tuple[str, ...] = _t("b p m f d t n l g k h j q x zh ch sh r z c s y w")
PINYIN_FINALS: tuple[str, ...] = _t(
    "a o e i u ai ei ao ou an en ang eng ong ia ie iao iu ian in iang ing iong ua uo uai ui uan un "
    "uang ue er"
)

# Given names to put in front of a listed surname (hard near-misses on persons), by script.
SWAP_GIVEN_LATIN: tuple[str, ...] = _t(
    "Viktor Boris Pavel Grigory Leonid Yaroslav Timur Ruslan Hamid Tariq Bilal Karim Samir "
    "Zhiqiang Guohua Jianjun Minghui Hyun-woo Dong-hyun Roberto Ernesto Gustavo Wilfredo"
)

# Legal forms and function words, left out of the benchmark's own name keys (build_dataset.name_words):
# the spellings of build_dataset.LEGAL_GROUPS, romanised, split into words.
LEGAL_WORDS: frozenset[str] = frozenset(
    _t(
        "llc l l c ooo obshchestvo s ogranichennoy otvetstvennostyu limited liability company co "
        "ltd inc incorporated corp corporation jsc ojsc pjsc cjsc oao pao zao ao aktsionernoe "
        "open closed public joint stock gmbh g m b h gesellschaft mit beschrankter haftung sa de cv "
        "sociedad anonima capital variable fze fzco fz free zone establishment pte private llp too "
        "partnership plc of the and"
    )
)

# Words that say what line of business or what place, not which firm: a listed name's other words
# are its distinctive ones (typos and near-miss swaps touch only those). Common English business
# words, pinyin business words, Russian transliterated organisation words and the places most
# frequent in the lists' names (counted by eye from OFAC, OFSI and CSL entity names).
GENERIC: frozenset[str] = frozenset(
    _t(
        "technology technologies tech science scientific electronics electronic electric "
        "electrical optical digital information network communication communications software "
        "systems system solutions services service supply trading trade commerce commercial "
        "business import export industrial industry industries manufacturing production products "
        "equipment machinery machine engineering materials components parts devices instruments "
        "development investment investments holding holdings group enterprise enterprises company "
        "firm center centre institute research laboratory factory plant works logistics shipping "
        "transport aviation aerospace energy resources general new heavy precision global world "
        "international union united joint venture partners agency office branch bank "
        "keji maoyi dianzi jishu guoji shiye jituan youxian gongsi "
        "kompaniya gruppa zavod nauchno proizvodstvennoe obedinenie predpriyatie tsentr institut "
        "kontsern korporatsiya gosudarstvennoe federalnoe unitarnoe "
        "china chinese sino russia russian rossii federation iran iranian korea korean syria "
        "syrian hong kong hk shenzhen beijing shanghai guangzhou wuhan moscow moskva petersburg "
        "dubai istanbul tehran pyongyang damascus"
    )
)

# Chinese places in pinyin as the lists write them (one word): the provinces and the cities whose
# firms the lists name most (counted by eye from OFSI, OFAC and CSL Chinese entity names). Used only
# by build_dataset.chinese, which must not count a place ("Ningbo", "Hangzhou") as the pinyin of a
# firm's own name; GENERIC stays as it is, so that the other categories do not move.
PINYIN_PLACES: frozenset[str] = frozenset(
    _t(
        "anhui fujian gansu guangdong guangxi guizhou hainan hebei heilongjiang henan hubei hunan "
        "jiangsu jiangxi jilin liaoning neimenggu ningxia qinghai shaanxi shandong shanxi sichuan "
        "xinjiang xizang yunnan zhejiang beijing shanghai tianjin chongqing shenzhen guangzhou "
        "dongguan foshan zhuhai zhongshan huizhou shantou xiamen fuzhou quanzhou hangzhou ningbo "
        "wenzhou jinhua yiwu shaoxing taizhou jiaxing suzhou wuxi changzhou nanjing nantong yangzhou "
        "hefei wuhan changsha zhengzhou luoyang jinan qingdao yantai weifang zibo shijiazhuang "
        "baoding tangshan hengshui taiyuan xian chengdu mianyang kunming nanning guiyang nanchang "
        "harbin shenyang dalian changchun urumqi lanzhou hohhot baotou xianggang hongkong aomen "
        "macau taibei taipei"
    )
)
